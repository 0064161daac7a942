package io.github.superpose.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium driven over the DevTools protocol (a WebSocket and JSON messages, no
 * browser-automation library): navigate to a file, evaluate JavaScript, take a screenshot, and
 * collect every uncaught exception and console error the pages raise.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WS = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<CompletableFuture<Void>> loads = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();

    /** The chromium binary on PATH, or null. */
    static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    HeadlessChromium(Path binary, Path profile) throws Exception {
        process = new ProcessBuilder(
                        binary.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--no-first-run",
                        "--disable-extensions",
                        "--remote-debugging-port=0",
                        "--window-size=1280,900",
                        "--user-data-dir=" + profile,
                        "about:blank")
                .redirectErrorStream(true)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String browserWs = null;
        for (String line; browserWs == null && (line = out.readLine()) != null; ) {
            Matcher m = WS.matcher(line);
            if (m.find()) {
                browserWs = m.group(1);
            }
        }
        if (browserWs == null) {
            throw new IOException("chromium printed no DevTools address");
        }
        Thread drain = new Thread(() -> out.lines().forEach(l -> {}));
        drain.setDaemon(true);
        drain.start();
        // the page target's socket: http://host:port/json/list names it
        URI base = URI.create(browserWs.replace("ws://", "http://"));
        String list =
                new String(base.resolve("/json/list").toURL().openStream().readAllBytes(), StandardCharsets.UTF_8);
        String pageWs = null;
        for (JsonNode t : JSON.readTree(list)) {
            if ("page".equals(t.path("type").asText())) {
                pageWs = t.path("webSocketDebuggerUrl").asText();
            }
        }
        socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create(pageWs), new Listener())
                .get(30, TimeUnit.SECONDS);
        call("Page.enable", null);
        call("Runtime.enable", null);
    }

    JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        if (params != null) {
            msg.set("params", params);
        }
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(JSON.writeValueAsString(msg), true).get(30, TimeUnit.SECONDS);
        JsonNode r = f.get(60, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IOException(method + ": " + r.get("error"));
        }
        return r.path("result");
    }

    /** Loads a file and waits for its load event. */
    void open(Path file) throws Exception {
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        loads.add(loaded);
        call("Page.navigate", JSON.createObjectNode().put("url", file.toUri().toString()));
        loaded.get(60, TimeUnit.SECONDS);
    }

    /** Evaluates an expression in the page; its value as JSON. */
    JsonNode eval(String expression) throws Exception {
        JsonNode r = call(
                "Runtime.evaluate",
                JSON.createObjectNode().put("expression", expression).put("returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IOException("JavaScript failed: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    void screenshot(Path png) throws Exception {
        JsonNode r = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
        Files.write(png, Base64.getDecoder().decode(r.path("data").asText()));
    }

    @Override
    public void close() throws java.util.concurrent.ExecutionException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the browser is killed below either way
        }
        // Chromium's helper processes (renderer, zygote, crash handler) outlive the main one and keep
        // writing to the profile folder; end and wait for all of them, so the folder can be deleted
        java.util.List<ProcessHandle> all =
                new java.util.ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                h.destroyForcibly();
            } catch (InterruptedException e) {
                // keep the interrupt for the caller; the processes were asked to end above
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder part = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                handle(part.toString());
                part.setLength(0);
            }
            ws.request(1);
            return null;
        }

        private void handle(String text) {
            try {
                JsonNode m = JSON.readTree(text);
                if (m.has("id")) {
                    CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                    if (f != null) {
                        f.complete(m);
                    }
                    return;
                }
                String method = m.path("method").asText();
                if (method.equals("Page.loadEventFired")) {
                    loads.forEach(l -> l.complete(null));
                    loads.clear();
                } else if (method.equals("Runtime.exceptionThrown")) {
                    errors.add("exception: " + m.path("params").path("exceptionDetails"));
                } else if (method.equals("Runtime.consoleAPICalled")
                        && m.path("params").path("type").asText().equals("error")) {
                    errors.add("console.error: " + m.path("params").path("args"));
                }
            } catch (IOException e) {
                errors.add("unreadable DevTools message: " + e.getMessage());
            }
        }
    }
}
