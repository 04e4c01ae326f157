package org.cxrlt.leaderboard.system;

import java.time.Instant;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Values in JSON request bodies that the database cannot store are refused while reading, so
 * that the answer is a 400 naming the field rather than a failed insert: a string with a NUL
 * character, and an instant outside the years 1 to 9999 ({@link #EARLIEST} to {@link #LATEST}).
 */
@Configuration(proxyBeanMethods = false)
public class JsonInputChecks {

    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    @Bean
    JsonMapperBuilderCustomizer refusedJsonValues() {
        SimpleModule module = new SimpleModule("cxrlt-refused-values");
        module.addDeserializer(String.class, new CheckedString());
        module.addDeserializer(Instant.class, new CheckedInstant());
        return builder -> builder.addModule(module);
    }

    /** Why an instant cannot be stored, or null when it can. */
    public static String instantRefusal(Instant instant) {
        if (instant != null && (instant.isBefore(EARLIEST) || instant.isAfter(LATEST))) {
            return "must be an instant between the years 1 and 9999";
        }
        return null;
    }

    /** A value refused by these checks: {@link #reason()} completes a sentence that starts with the field. */
    public static final class RefusedValueException extends InvalidFormatException {

        private final String reason;

        RefusedValueException(JsonParser parser, String reason, Object value, Class<?> type) {
            super(parser, reason, value, type);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private static final class CheckedString extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            String value = super.deserialize(parser, context);
            if (value != null && value.indexOf('\0') >= 0) {
                throw new RefusedValueException(parser, "must not contain the NUL character (\\u0000)",
                        value.replace('\0', '?'), String.class);
            }
            return value;
        }
    }

    private static final class CheckedInstant extends tools.jackson.databind.ValueDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            Instant value = InstantDeserializer.INSTANT.deserialize(parser, context);
            String refusal = instantRefusal(value);
            if (refusal != null) {
                throw new RefusedValueException(parser, refusal, value, Instant.class);
            }
            return value;
        }
    }
}
