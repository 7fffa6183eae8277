package io.dynamicsdotdigital.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Rewrites a small tab-separated file with the emulators' request counts (per endpoint family) and row counts, so
 * that a script can show progress without calling the APIs itself. Lines:
 * {@code requests<TAB>dataverse|dotdigital<TAB><METHOD path family><TAB>count} and {@code rows<TAB>name<TAB>count}.
 * Written to a temporary file and moved into place, so a reader never sees half a file.
 */
final class StatsFileWriter implements AutoCloseable {
    private final RunningEmulators emulators;
    private final Path file;
    private final ScheduledExecutorService timer;

    StatsFileWriter(RunningEmulators emulators, Path file, long intervalMillis) {
        this.emulators = emulators;
        this.file = file.toAbsolutePath();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "emulator-stats");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::writeQuietly, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        EndpointKeys.families(emulators.dataverse().requests().snapshot()).forEach((k, n) ->
                out.append("requests\tdataverse\t").append(k).append('\t').append(n).append('\n'));
        EndpointKeys.families(emulators.dotdigital().requests().snapshot()).forEach((k, n) ->
                out.append("requests\tdotdigital\t").append(k).append('\t').append(n).append('\n'));
        for (String table : RunningEmulators.SEEDED_TABLES) {
            out.append("rows\tdataverse.").append(table).append('\t')
                    .append(emulators.dataverse().table(table).count()).append('\n');
        }
        out.append("rows\tdataverse.").append(RunningEmulators.SEND_SUMMARY_TABLE).append('\t')
                .append(emulators.dataverse().table(RunningEmulators.SEND_SUMMARY_TABLE).count()).append('\n');
        out.append("rows\tdotdigital.contacts\t").append(emulators.dotdigital().state().contactCount()).append('\n');
        out.append("rows\tdotdigital.address-books\t")
                .append(emulators.dotdigital().state().addressBooks().size()).append('\n');
        return out.toString();
    }

    void write() throws IOException {
        Files.createDirectories(file.getParent());
        // A temp file of its own per write: the periodic writer and an explicit write may run at the same time.
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        Files.writeString(tmp, render(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void writeQuietly() {
        try {
            write();
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not write the stats file " + file + ": " + e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
