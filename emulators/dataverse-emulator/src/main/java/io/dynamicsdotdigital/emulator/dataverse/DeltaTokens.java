package io.dynamicsdotdigital.emulator.dataverse;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues and checks change-tracking delta tokens {@code <version>!<serial>!<issued epoch seconds>}. Clients must treat
 * them as opaque. A token expires when older than the lifetime (Dataverse's default: 7 days) or when its table's
 * tokens were expired explicitly.
 */
final class DeltaTokens {
    private final AtomicLong serial = new AtomicLong();
    private volatile Duration lifetime = Duration.ofDays(7);

    String issue(long version) {
        return version + "!" + serial.incrementAndGet() + "!" + Instant.now().getEpochSecond();
    }

    void lifetime(Duration d) {
        this.lifetime = d;
    }

    /** Expires every token issued so far for {@code table}. */
    void expire(EmulatedTable table) {
        table.expireDeltaTokens(serial.get());
    }

    /** The version the token continues from; throws the Web API's "expired" error when it is too old. */
    long checkedVersion(EmulatedTable table, String token) {
        String[] parts = token.split("!");
        long version;
        long tokenSerial;
        long issued;
        try {
            version = Long.parseLong(parts[0]);
            tokenSerial = Long.parseLong(parts[1]);
            issued = Long.parseLong(parts[2]);
        } catch (RuntimeException e) {
            throw ODataException.badRequest("The $deltatoken '" + token + "' is not valid.");
        }
        if (tokenSerial <= table.deltaFloor()
                || Instant.ofEpochSecond(issued).plus(lifetime).isBefore(Instant.now())) {
            throw new ODataException(400, WebApiHandler.EXPIRED_DELTA_CODE, WebApiHandler.EXPIRED_DELTA_MESSAGE);
        }
        return version;
    }
}
