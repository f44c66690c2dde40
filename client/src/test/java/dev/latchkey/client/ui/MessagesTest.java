package dev.latchkey.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.client.http.ApiException;
import dev.latchkey.client.http.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static Set<String> keys(String resource) throws Exception {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream(resource)) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return new TreeSet<>(p.stringPropertyNames());
    }

    @Test
    @DisplayName("English and Korean bundles have exactly the same keys")
    void sameKeys() throws Exception {
        assertEquals(keys("messages.properties"), keys("messages_ko.properties"));
    }

    @Test
    @DisplayName("every error code in the server's OpenAPI contract has a sentence in both languages")
    void everyServerCodeTranslated() throws Exception {
        JsonNode api;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("openapi.json")) {
            api = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        JsonNode codes = api.at("/components/schemas/Error/properties/error/properties/code/enum");
        assertTrue(codes.size() > 10);
        for (String lang : Messages.LANGUAGES) {
            Messages m = new Messages(lang);
            for (JsonNode c : codes) {
                assertTrue(m.has("error." + c.asText()), lang + " lacks error." + c.asText());
            }
        }
    }

    @Test
    @DisplayName("unknown codes show code and message; arguments are filled in; English is English even on a Korean JVM")
    void formatting() {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.KOREAN);
            Messages en = new Messages("en");
            assertEquals("Error TEAPOT: short and stout", en.error(new ApiException("TEAPOT", 418, "short and stout", 0)));
            assertEquals("Too many attempts. Try again in 30 seconds.", en.error(new ApiException("RATE_LIMITED", 429, "x", 30)));
            assertEquals("시도 횟수가 너무 많습니다. 30초 후에 다시 시도하세요.",
                    new Messages("ko").error(new ApiException("RATE_LIMITED", 429, "x", 30)));
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}
