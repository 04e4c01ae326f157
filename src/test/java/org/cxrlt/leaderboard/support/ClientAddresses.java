package org.cxrlt.leaderboard.support;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Every MockMvc request of the tests comes from an address of its own, as if from its own
 * client, so that the per-address limits (registrations, failed authentications) count only
 * what a test sends on purpose from one address ({@link #from}).
 */
@TestConfiguration(proxyBeanMethods = false)
public class ClientAddresses {

    private static final AtomicInteger NEXT = new AtomicInteger();

    /** A client address no other request has used: 10.x.y.z. */
    public static String fresh() {
        int n = NEXT.incrementAndGet();
        return "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
    }

    /** Sends the request from this address. */
    public static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    @Bean
    MockMvcBuilderCustomizer distinctClientAddresses() {
        return builder -> builder.defaultRequest(get("/").with(request -> {
            request.setRemoteAddr(fresh());
            return request;
        }));
    }
}
