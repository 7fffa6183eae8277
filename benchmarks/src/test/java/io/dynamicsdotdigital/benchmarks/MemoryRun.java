package io.dynamicsdotdigital.benchmarks;

/** A large run in a forked JVM under a heap limit: it passes when every row arrived without running out of heap. */
record MemoryRun(String what, String heapLimit, Figure figure, boolean passed) {
}
