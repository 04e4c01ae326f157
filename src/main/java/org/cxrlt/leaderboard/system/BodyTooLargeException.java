package org.cxrlt.leaderboard.system;

import java.io.IOException;
import org.springframework.util.unit.DataSize;

/** A request body read past its limit: thrown by the stream, so that nothing reads on (answered 413). */
class BodyTooLargeException extends IOException {

    private final DataSize limit;

    BodyTooLargeException(DataSize limit) {
        super("the request body is larger than " + limit.toBytes() + " bytes");
        this.limit = limit;
    }

    DataSize limit() {
        return limit;
    }
}
