package org.cxrlt.leaderboard.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.cxrlt.leaderboard.support.ServiceTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * The running Tomcat writes responses through a 64 KB socket buffer (cxrlt.web.socket-write-buffer),
 * reads requests through a 32 KB one (cxrlt.web.socket-read-buffer), and holds at most 1,500 connections, so that their buffers stay bounded.
 */
class SocketWriteBufferTests extends ServiceTests {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void theConnectorWritesThroughTheConfiguredBufferAndLargeBodiesArriveWhole() throws Exception {
        var connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
        assertThat(String.valueOf(connector.getProperty("socket.appWriteBufSize"))).isEqualTo("65536");
        assertThat(String.valueOf(connector.getProperty("socket.appReadBufSize"))).isEqualTo("32768");
        assertThat(String.valueOf(connector.getProperty("maxConnections"))).isEqualTo("1500");

        // A body of several of Tomcat's default 8 KB buffers (the OpenAPI description) arrives whole.
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().length).isGreaterThan(4 * 8 * 1024);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length);
    }
}
