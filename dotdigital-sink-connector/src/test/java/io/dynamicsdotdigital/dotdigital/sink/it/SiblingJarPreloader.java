package io.dynamicsdotdigital.dotdigital.sink.it;

import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Registered as a JUnit launcher session listener so the preload happens before any test class runs. */
public final class SiblingJarPreloader implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        preloadSiblingJars();
    }

    /**
     * Loads every class of the sibling modules' jars (emulator, client, common) up front: other helpers reinstall those jars into the shared local
     * repository while tests run, and a class loaded late from a rewritten jar fails.
     */
    public static void preloadSiblingJars() {
        for (Class<?> anchor : List.of(DotdigitalEmulator.class, SelfSignedTls.class,
                io.dynamicsdotdigital.dotdigital.client.DotdigitalClient.class,
                io.dynamicsdotdigital.common.metrics.ConnectorMetrics.class)) {
            try {
                java.net.URL location = anchor.getProtectionDomain().getCodeSource().getLocation();
                Path path = Path.of(location.toURI());
                if (!Files.isRegularFile(path)) {
                    continue;
                }
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(path.toFile())) {
                    for (java.util.jar.JarEntry e : java.util.Collections.list(jar.entries())) {
                        if (e.getName().endsWith(".class") && !e.getName().contains("module-info")) {
                            String name = e.getName().replace('/', '.').substring(0, e.getName().length() - 6);
                            try {
                                Class.forName(name, false, anchor.getClassLoader());
                            } catch (Throwable ignored) {
                                // optional classes (e.g. SOAP bits with absent deps) may not load; fine
                            }
                        }
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException("could not preload emulator classes", e);
            }
        }
    }

}
