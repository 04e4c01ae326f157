package org.cxrlt.leaderboard.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 request sent as given over a socket of its own, for what no HTTP client sends
 * (malformed bodies, lying lengths, hostile multipart forms), and its first response.
 */
public final class RawHttp {

    private static final int TIMEOUT_MILLIS = 30_000;

    private RawHttp() {
    }

    /** A response: its status (-1 if none came), Content-Type (null if none) and body (chunks joined). */
    public record Answer(int status, String contentType, String body) {
    }

    /**
     * Sends {@code request} to localhost's {@code port} and reads the first response: its head and
     * the body its Content-Length or chunked encoding gives, or what came before the server
     * closed the connection (or 30 s passed without a byte). The server may answer and close
     * before it has read the whole request: what it said is read all the same.
     *
     * @param halfClose whether to shut the socket's output after the request
     */
    public static Answer exchange(int port, byte[] request, boolean halfClose) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // answered and closed early: read what it said
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                    if (complete(received.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (SocketTimeoutException | SocketException e) {
                // parse what came
            }
            return parse(received.toString(StandardCharsets.UTF_8));
        }
    }

    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = text.substring(0, end).toLowerCase(Locale.ROOT);
        if (head.contains("transfer-encoding: chunked")) {
            return text.substring(end + 4).contains("0\r\n\r\n") && text.endsWith("0\r\n\r\n");
        }
        int at = head.indexOf("content-length:");
        if (at < 0) {
            return false;
        }
        int length = Integer.parseInt(head.substring(at + 15).split("\r\n")[0].trim());
        return text.length() - end - 4 >= length;
    }

    private static Answer parse(String text) {
        if (text.isEmpty()) {
            return new Answer(-1, null, "(no answer)");
        }
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        String type = null;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                type = line.substring(13).trim();
            }
        }
        if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            StringBuilder joined = new StringBuilder();
            int at = 0;
            while (true) {
                int line = body.indexOf("\r\n", at);
                if (line < 0) {
                    break;
                }
                int length = Integer.parseInt(body.substring(at, line).trim(), 16);
                if (length == 0) {
                    break;
                }
                joined.append(body, line + 2, Math.min(body.length(), line + 2 + length));
                at = line + 2 + length + 2;
            }
            body = joined.toString();
        }
        return new Answer(Integer.parseInt(head.substring(9, 12)), type, body);
    }
}
