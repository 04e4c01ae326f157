package org.cxrlt.leaderboard.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test fixtures (written by Python's {@code json}) as plain values: objects become maps in their
 * order, arrays lists, and every number a {@code Double}, so that fixtures are read alike
 * whether Python wrote {@code 3} or {@code 3.0}. Jackson reads doubles correctly rounded, so
 * fixtures compare bit for bit.
 */
final class MiniJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MiniJson() {
    }

    static Object parse(String text) {
        return plain(JSON.readTree(text));
    }

    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                map.put(field.getKey(), plain(field.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonNode element : node) {
                list.add(plain(element));
            }
            return list;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isNull() ? null : node.stringValue();
    }
}
