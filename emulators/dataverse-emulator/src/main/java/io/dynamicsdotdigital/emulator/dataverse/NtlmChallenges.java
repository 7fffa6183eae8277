package io.dynamicsdotdigital.emulator.dataverse;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server side of NTLM over HTTP as IIS runs it for Windows authentication: a negotiate message (type 1) gets a
 * challenge (type 2) with a fresh server nonce; the authenticate message (type 3) on the same connection must carry
 * an NTLMv2 response that proves the user's password (HMAC-MD5 keyed by the NTLMv2 hash of the NT hash). Like IIS,
 * an authenticated connection stays authenticated; a new connection (or {@link #forgetSessions()}) needs a new
 * handshake. NTLMv1 and LM-only answers are refused, as hardened Windows servers refuse them.
 */
final class NtlmChallenges {
    private static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);
    private static final int UNICODE = 0x1;
    private static final int REQUEST_TARGET = 0x4;
    private static final int NTLM = 0x200;
    private static final int TARGET_TYPE_DOMAIN = 0x10000;
    private static final int EXTENDED_SESSION_SECURITY = 0x80000;
    private static final int TARGET_INFO = 0x800000;

    /** What the server makes of an {@code Authorization: NTLM ...} header. */
    sealed interface Outcome {
        /** Send 401 with {@code WWW-Authenticate: NTLM <challenge>}. */
        record Challenge(String header) implements Outcome {
        }

        /** The connection is now authenticated as {@code user}. */
        record Authenticated(String user) implements Outcome {
        }

        /** The answer did not prove the password (or was not NTLMv2): 401 with a bare NTLM offer. */
        record Refused(String why) implements Outcome {
        }
    }

    private final String domain;
    private final Map<String, String> passwords;
    private final SecureRandom random = new SecureRandom();
    private final Map<InetSocketAddress, byte[]> pendingChallenges = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, String> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger challengesToLose = new AtomicInteger();

    /** @param passwords by user name, compared case-insensitively as Windows does */
    NtlmChallenges(String domain, Map<String, String> passwords) {
        this.domain = domain;
        this.passwords = new ConcurrentHashMap<>();
        passwords.forEach((u, p) -> this.passwords.put(u.toLowerCase(Locale.ROOT), p));
    }

    /** The user this connection authenticated as, or null. */
    String sessionUser(InetSocketAddress connection) {
        return sessions.get(connection);
    }

    /** Every connection must authenticate again, as after an application pool recycle. */
    void forgetSessions() {
        sessions.clear();
        pendingChallenges.clear();
    }

    /**
     * The next challenge is forgotten as soon as it is sent, so the client's answer to it is refused with a 401, as
     * when the server recycles or the connection drops in the middle of a handshake.
     */
    void loseNextChallenge() {
        challengesToLose.incrementAndGet();
    }

    /** Handshakes completed so far. */
    int completedHandshakes() {
        return completed.get();
    }

    Outcome answer(InetSocketAddress connection, String authorization) {
        byte[] message;
        try {
            message = Base64.getDecoder().decode(authorization.substring("NTLM ".length()).trim());
        } catch (IllegalArgumentException e) {
            return new Outcome.Refused("the NTLM token is not base64");
        }
        if (message.length < 12 || !Arrays.equals(Arrays.copyOf(message, 8), SIGNATURE)) {
            return new Outcome.Refused("not an NTLMSSP message");
        }
        ByteBuffer in = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        int type = in.getInt(8);
        if (type == 1) {
            byte[] challenge = new byte[8];
            random.nextBytes(challenge);
            if (challengesToLose.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
                pendingChallenges.put(connection, challenge);
            }
            return new Outcome.Challenge("NTLM " + Base64.getEncoder().encodeToString(challengeMessage(challenge)));
        }
        if (type != 3) {
            return new Outcome.Refused("unexpected NTLM message type " + type);
        }
        byte[] challenge = pendingChallenges.remove(connection);
        if (challenge == null) {
            return new Outcome.Refused("an authenticate message without a challenge on this connection");
        }
        return verify(connection, in, message, challenge);
    }

    private Outcome verify(InetSocketAddress connection, ByteBuffer in, byte[] message, byte[] challenge) {
        if (message.length < 64) {
            return new Outcome.Refused("the authenticate message is too short");
        }
        boolean unicode = (in.getInt(60) & UNICODE) != 0;
        byte[] ntResponse = buffer(in, message, 20);
        String userDomain = text(buffer(in, message, 28), unicode);
        String user = text(buffer(in, message, 36), unicode);
        if (ntResponse.length <= 24) {
            return new Outcome.Refused("NTLMv1 responses are refused; NTLMv2 is required");
        }
        if (!userDomain.isEmpty() && !userDomain.equalsIgnoreCase(domain)) {
            return new Outcome.Refused("unknown domain " + userDomain);
        }
        String password = passwords.get(user.toLowerCase(Locale.ROOT));
        if (password == null) {
            return new Outcome.Refused("unknown user " + user);
        }
        byte[] proof = Arrays.copyOf(ntResponse, 16);
        byte[] blob = Arrays.copyOfRange(ntResponse, 16, ntResponse.length);
        try {
            byte[] ntHash = Md4.digest(password.getBytes(StandardCharsets.UTF_16LE));
            byte[] v2Hash = hmacMd5(ntHash, (user.toUpperCase(Locale.ROOT) + userDomain)
                    .getBytes(StandardCharsets.UTF_16LE));
            byte[] expected = hmacMd5(v2Hash, concat(challenge, blob));
            if (!MessageDigest.isEqual(expected, proof)) {
                return new Outcome.Refused("the NTLMv2 response does not match the password of " + user);
            }
        } catch (GeneralSecurityException e) {
            return new Outcome.Refused("HMAC-MD5 is not available: " + e);
        }
        String principal = domain + "\\" + user;
        sessions.put(connection, principal);
        completed.incrementAndGet();
        return new Outcome.Authenticated(principal);
    }

    private byte[] challengeMessage(byte[] challenge) {
        byte[] target = domain.getBytes(StandardCharsets.UTF_16LE);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        avPair(info, 2, target); // MsvAvNbDomainName
        avPair(info, 1, "DVEMU".getBytes(StandardCharsets.UTF_16LE)); // MsvAvNbComputerName
        avPair(info, 0, new byte[0]); // MsvAvEOL
        byte[] targetInfo = info.toByteArray();
        int flags = UNICODE | REQUEST_TARGET | NTLM | TARGET_TYPE_DOMAIN | EXTENDED_SESSION_SECURITY | TARGET_INFO;
        ByteBuffer out = ByteBuffer.allocate(48 + target.length + targetInfo.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(SIGNATURE).putInt(2);
        out.putShort((short) target.length).putShort((short) target.length).putInt(48);
        out.putInt(flags).put(challenge).putLong(0);
        out.putShort((short) targetInfo.length).putShort((short) targetInfo.length).putInt(48 + target.length);
        out.put(target).put(targetInfo);
        return out.array();
    }

    private static void avPair(ByteArrayOutputStream out, int id, byte[] value) {
        ByteBuffer b = ByteBuffer.allocate(4 + value.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) id).putShort((short) value.length).put(value);
        out.writeBytes(b.array());
    }

    private static byte[] buffer(ByteBuffer in, byte[] message, int at) {
        int length = Short.toUnsignedInt(in.getShort(at));
        int offset = in.getInt(at + 4);
        if (length == 0 || offset < 0 || offset + length > message.length) {
            return new byte[0];
        }
        return Arrays.copyOfRange(message, offset, offset + length);
    }

    private static String text(byte[] bytes, boolean unicode) {
        return new String(bytes, unicode ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1);
    }

    private static byte[] hmacMd5(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(key, "HmacMD5"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
