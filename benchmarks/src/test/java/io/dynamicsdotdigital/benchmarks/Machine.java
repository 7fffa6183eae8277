package io.dynamicsdotdigital.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load, recorded with every figure: the benchmarks run on shared cores. */
final class Machine {
    private Machine() {
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg ("unknown" where there is none). */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
