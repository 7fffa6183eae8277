package io.dynamicsdotdigital.emulator.dataverse;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * MD4 (RFC 1320), needed for the NT hash of NTLM. The JDK ships no MD4 provider and the emulator takes no
 * dependency for one small function; it only ever hashes short passwords.
 */
final class Md4 {
    private Md4() {
    }

    static byte[] digest(byte[] message) {
        long bitLength = (long) message.length * 8;
        int padded = ((message.length + 8) / 64 + 1) * 64;
        ByteBuffer buffer = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(message).put((byte) 0x80);
        buffer.putLong(padded - 8, bitLength);
        int a = 0x67452301;
        int b = 0xefcdab89;
        int c = 0x98badcfe;
        int d = 0x10325476;
        int[] x = new int[16];
        for (int block = 0; block < padded; block += 64) {
            for (int i = 0; i < 16; i++) {
                x[i] = buffer.getInt(block + i * 4);
            }
            int aa = a;
            int bb = b;
            int cc = c;
            int dd = d;
            int[] order1 = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
            int[] shift1 = {3, 7, 11, 19};
            for (int i = 0; i < 16; i++) {
                int f = (b & c) | (~b & d);
                int t = Integer.rotateLeft(a + f + x[order1[i]], shift1[i % 4]);
                a = d;
                d = c;
                c = b;
                b = t;
            }
            int[] order2 = {0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15};
            int[] shift2 = {3, 5, 9, 13};
            for (int i = 0; i < 16; i++) {
                int g = (b & c) | (b & d) | (c & d);
                int t = Integer.rotateLeft(a + g + x[order2[i]] + 0x5a827999, shift2[i % 4]);
                a = d;
                d = c;
                c = b;
                b = t;
            }
            int[] order3 = {0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15};
            int[] shift3 = {3, 9, 11, 15};
            for (int i = 0; i < 16; i++) {
                int h = b ^ c ^ d;
                int t = Integer.rotateLeft(a + h + x[order3[i]] + 0x6ed9eba1, shift3[i % 4]);
                a = d;
                d = c;
                c = b;
                b = t;
            }
            a += aa;
            b += bb;
            c += cc;
            d += dd;
        }
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(a).putInt(b).putInt(c).putInt(d).array();
    }
}
