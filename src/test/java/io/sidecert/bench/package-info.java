/**
 * Benchmarks: JUnit 5 tests tagged {@code bench}, in classes named {@code *Bench}, run only by
 * {@code mvn -Pbench verify} (failsafe, after the shaded {@code target/sidecert.jar} is built) and never by the
 * normal or {@code -Pfast} builds. They print figures lines starting {@code BENCH} and assert only that each run
 * completed, never a timing. Peers are Debian's packages (see TESTING.md, "Peers, for benchmarks"); a missing one
 * fails the benchmark with the {@code apt-get install} line to run, and is never installed by the test.
 */
package io.sidecert.bench;
