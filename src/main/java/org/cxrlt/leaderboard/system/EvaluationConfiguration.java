package org.cxrlt.leaderboard.system;

import org.cxrlt.leaderboard.evaluation.ReadLimits;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

@Configuration(proxyBeanMethods = false)
class EvaluationConfiguration {

    /**
     * How far an upload may expand once decompressed (against decompression bombs), and how long
     * one CSV record may be (against an unclosed quote growing a record without bound); the copy
     * of a zip read from a stream goes to this process's {@link UploadDirectory}.
     */
    @Bean
    ReadLimits readLimits(@Value("${cxrlt.max-uncompressed-size:1GB}") DataSize maxUncompressed,
                          @Value("${cxrlt.max-record-size:1MB}") DataSize maxRecord, UploadDirectory uploads) {
        return new ReadLimits(maxUncompressed.toBytes(), Math.toIntExact(maxRecord.toBytes()))
                .withTemporaryDirectory(uploads.path());
    }
}
