package io.dynamicsdotdigital.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Connect group made of {@link WorkerProcess}es on a shared broker, driven through the REST API of any live
 * member. Used where a worker must die without a graceful stop.
 */
final class ProcessWorkerGroup implements AutoCloseable {
    private final Path workDir;
    private final String bootstrapServers;
    private final String group;
    private final List<WorkerProcess> workers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ProcessWorkerGroup(Path workDir, String bootstrapServers, String group) {
        this.workDir = workDir;
        this.bootstrapServers = bootstrapServers;
        this.group = group;
    }

    /** Starts {@code count} more workers and waits until each answers on its REST port. */
    void start(int count, Duration timeout) throws IOException {
        List<WorkerProcess> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            WorkerProcess w = WorkerProcess.start(workDir, bootstrapServers, group);
            workers.add(w);
            started.add(w);
        }
        for (WorkerProcess w : started) {
            ThreeWorkerCluster.awaitUntil(timeout, "worker process " + w.restUrl() + " (log " + w.log + ")", () -> {
                if (!w.isAlive()) {
                    throw new AssertionError("worker process " + w.restUrl() + " exited; see " + w.log);
                }
                return answer(w, HttpRequest.newBuilder(w.restUrl().resolve("connectors")).GET()).isPresent();
            });
        }
    }

    void createConnector(String name, Map<String, String> config) throws IOException {
        String body = ConnectRest.JSON.writeValueAsString(Map.of("name", name, "config", config));
        ThreeWorkerCluster.awaitUntil(Duration.ofMinutes(1), "creating " + name, () -> live().stream().anyMatch(
                w -> answer(w, HttpRequest.newBuilder(w.restUrl().resolve("connectors"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))).isPresent()));
    }

    /** The live worker process running task 0 of the connector, once it is RUNNING. */
    WorkerProcess awaitTaskWorker(String connector, Duration timeout) {
        WorkerProcess[] found = new WorkerProcess[1];
        ThreeWorkerCluster.awaitUntil(timeout, "task 0 of " + connector + " RUNNING on a live worker process",
                () -> {
                    found[0] = taskWorker(connector).orElse(null);
                    return found[0] != null;
                });
        return found[0];
    }

    private Optional<WorkerProcess> taskWorker(String connector) {
        for (WorkerProcess w : live()) {
            Optional<JsonNode> status = answer(w, HttpRequest.newBuilder(
                    w.restUrl().resolve("connectors/" + connector + "/status")).GET());
            if (status.isPresent()) {
                for (JsonNode task : status.get().path("tasks")) {
                    if (task.path("id").asInt() == 0 && "FAILED".equals(task.path("state").asText())) {
                        throw new AssertionError("task 0 of " + connector + " FAILED: " + task.path("trace"));
                    }
                    if (task.path("id").asInt() == 0 && "RUNNING".equals(task.path("state").asText())) {
                        String id = task.path("worker_id").asText();
                        return live().stream().filter(p -> p.isWorker(id)).findFirst();
                    }
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    void deleteConnector(String name) {
        for (WorkerProcess w : live()) {
            if (answer(w, HttpRequest.newBuilder(w.restUrl().resolve("connectors/" + name)).DELETE()).isPresent()) {
                return;
            }
        }
    }

    private List<WorkerProcess> live() {
        return workers.stream().filter(WorkerProcess::isAlive).toList();
    }

    /** The JSON answer of a 2xx response; empty on any other status or I/O error (a worker busy rebalancing). */
    private Optional<JsonNode> answer(WorkerProcess w, HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                return Optional.empty();
            }
            return Optional.of(r.body().isBlank() ? ConnectRest.JSON.nullNode() : ConnectRest.JSON.readTree(r.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (WorkerProcess w : workers) {
            w.close();
        }
    }
}
