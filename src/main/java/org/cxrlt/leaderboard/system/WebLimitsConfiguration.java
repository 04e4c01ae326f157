package org.cxrlt.leaderboard.system;

import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/** Limits on requests applied before the application reads them, and the container's own error answers. */
@Configuration(proxyBeanMethods = false)
class WebLimitsConfiguration {

    /** Before Spring Security (order -100): an oversized anonymous body is refused before anything else. */
    @Bean
    FilterRegistrationBean<RequestLimitsFilter> requestLimits(SecuritySettings settings, ProblemWriter problems) {
        FilterRegistrationBean<RequestLimitsFilter> registration =
                new FilterRegistrationBean<>(new RequestLimitsFilter(settings, problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /**
     * Runs after Spring Boot's own customizer, which puts a plain ErrorReportValve on the host:
     * that one is replaced by one writing problem details.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(
            @Value("${server.max-http-request-header-size:8KB}") DataSize maxHeaderSize) {
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(TomcatServletWebServerFactory factory) {
                factory.addContextCustomizers(context -> {
                    var pipeline = context.getParent().getPipeline();
                    for (Valve valve : pipeline.getValves()) {
                        if (valve instanceof ErrorReportValve) {
                            pipeline.removeValve(valve);
                        }
                    }
                    pipeline.addValve(new ProblemErrorReportValve(maxHeaderSize));
                    if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
                        host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                    }
                });
            }
        };
    }

    /**
     * A request body whose sender falls silent is given up after {@code cxrlt.web.body-read-timeout}
     * (20 s) without a byte, instead of the connector's 60 s: an upload being stored as it
     * arrives holds a turn to store and a database connection while it waits for its next bytes,
     * so a client that stops sending mid-body would hold them that long. Tomcat's own upload
     * timeout (for the time a body is being read; the connection's timeout still applies before
     * and between requests).
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> bodyReadTimeout(
            @Value("${cxrlt.web.body-read-timeout:20s}") java.time.Duration timeout) {
        return factory -> factory.addConnectorCustomizers(connector -> {
            connector.setProperty("disableUploadTimeout", "false");
            connector.setProperty("connectionUploadTimeout", Long.toString(timeout.toMillis()));
        });
    }

    /**
     * Tomcat writes a response body larger than its socket write buffer in pieces of that
     * buffer's size, one system call each: with the default 8 KB, ten writes for a 200-team
     * leaderboard (about 70 KB of JSON), four with 64 KB (counted with strace over 50 requests);
     * in one run of bench/service.sh the leaderboard then did 97 % of the liveness probe's
     * throughput, 76 % without. Tomcat also reads a request body at most its read buffer at a
     * time, one system call each: 32 KB ({@code cxrlt.web.socket-read-buffer}) rather than 8 KB
     * is a quarter of the reads of an upload (a task-1 file: about 1,100 instead of 4,300); 64 KB
     * cost the 20 uploads of bench/uploads.sh's surge 7.7 / 7.1 service CPU-s against 9.3 / 7.7
     * with 8 KB (two alternated rounds, 2026-11-30). Every open connection holds both buffers,
     * idle ones too (about 97 KB each with these), so server.tomcat.max-connections is 1,500
     * rather than Tomcat's 8,192: at most about 145 MB of heap.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> socketWriteBuffer(
            @Value("${cxrlt.web.socket-write-buffer:64KB}") DataSize writeBuffer,
            @Value("${cxrlt.web.socket-read-buffer:32KB}") DataSize readBuffer) {
        return factory -> factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appWriteBufSize", Long.toString(writeBuffer.toBytes()));
            connector.setProperty("socket.appReadBufSize", Long.toString(readBuffer.toBytes()));
        });
    }
}
