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
     * one CSV record may be (against an unclosed quote growing a record without bound).
     */
    @Bean
    ReadLimits readLimits(@Value("${cxrlt.max-uncompressed-size:1GB}") DataSize maxUncompressed,
                          @Value("${cxrlt.max-record-size:1MB}") DataSize maxRecord) {
        return new ReadLimits(maxUncompressed.toBytes(), Math.toIntExact(maxRecord.toBytes()));
    }
}
