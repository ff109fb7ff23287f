package se.samverkan.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Swedish locale of the webapps ({@code GET <application-path>/app/<app>/locales/sv.json}): the app's own
 * {@code en.json} with the labels of {@code samverkan/webapp-locales/<app>.sv.json} merged in. That file has
 * {@code byText} (every label whose English text is the key), {@code byKey} (single labels) and the Swedish
 * {@code dateLocales}; labels it does not cover stay English. Apps without such a file answer 404.
 */
@RestController
public class WebappLocales {

  private static final String WEBJAR = "META-INF/resources/webjars/operaton/app/";
  private static final String OVERLAYS = "samverkan/webapp-locales/";

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, byte[]> merged = new ConcurrentHashMap<>();

  @GetMapping("${operaton.bpm.webapp.application-path:/operaton}/app/{app}/locales/sv.json")
  public ResponseEntity<byte[]> swedish(@PathVariable("app") String app) throws IOException {
    if (!app.matches("[a-z]+")) return ResponseEntity.notFound().build();
    ClassPathResource overlay = new ClassPathResource(OVERLAYS + app + ".sv.json");
    ClassPathResource english = new ClassPathResource(WEBJAR + app + "/locales/en.json");
    if (!overlay.exists() || !english.exists()) return ResponseEntity.notFound().build();
    byte[] body = merged.computeIfAbsent(app, a -> merge(english, overlay));
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noCache()).body(body);
  }

  private byte[] merge(ClassPathResource english, ClassPathResource overlay) {
    try {
      ObjectNode en = (ObjectNode) read(english);
      JsonNode sv = read(overlay);
      JsonNode byText = sv.path("byText");
      JsonNode byKey = sv.path("byKey");
      ObjectNode labels = (ObjectNode) en.path("labels");
      for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> label = it.next();
        JsonNode translated = byKey.get(label.getKey());
        if (translated == null && label.getValue().isTextual()) translated = byText.get(label.getValue().asText());
        if (translated != null && translated.isTextual()) label.setValue(translated);
      }
      if (sv.has("dateLocales")) en.set("dateLocales", sv.get("dateLocales"));
      return json.writeValueAsBytes(en);
    } catch (IOException e) {
      throw new IllegalStateException("webapp locale could not be merged: " + overlay.getPath(), e);
    }
  }

  private JsonNode read(ClassPathResource resource) throws IOException {
    try (InputStream in = resource.getInputStream()) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return json.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }
  }
}
