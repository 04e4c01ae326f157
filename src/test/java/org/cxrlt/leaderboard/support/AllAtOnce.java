package org.cxrlt.leaderboard.support;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Real HTTP requests released together: each on a thread of its own, all built and waiting on
 * one latch before any is sent, so that they meet in the server as nearly at once as a test can
 * make them (races of quotas, enrolments, keys).
 */
public final class AllAtOnce {

    private AllAtOnce() {
    }

    /** Sends the requests at once over HTTP/1.1; their responses in the requests' order. */
    public static List<HttpResponse<String>> send(List<HttpRequest> requests) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CountDownLatch ready = new CountDownLatch(requests.size());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(requests.size());
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (HttpRequest request : requests) {
                answers.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return client.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            ready.await();
            go.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                responses.add(answer.get());
            }
            return responses;
        } finally {
            threads.shutdownNow();
        }
    }
}
