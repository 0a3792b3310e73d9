package io.github.fashionae.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.fashionae.testing.HeadlessChromium;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The report in a real browser (Debian's headless chromium): it loads without console errors, every chart
 * and image has a size, nothing overflows at phone width. The screenshots stay in
 * {@code target/report-browser/} for a person to look at. Set {@code fashionae.requireBrowser=true} (as
 * {@code .ci/run} does) to fail rather than skip where chromium is missing.
 */
class ReportBrowserTest {

  private static final Path OUT = Path.of("target", "report-browser");

  @Test
  void theReportRendersInHeadlessChromiumAtDesktopAndPhoneWidth() throws Exception {
    Optional<Path> chromium = HeadlessChromium.executable();
    if (chromium.isEmpty() && !Boolean.getBoolean("fashionae.requireBrowser")) {
      Assumptions.abort("chromium is not installed (apt-get install -y chromium)");
    }
    assertThat(chromium).as("chromium on the PATH (fashionae.requireBrowser is set)").isPresent();
    Files.createDirectories(OUT);
    Path page = OUT.resolve("index.html").toAbsolutePath();
    Files.writeString(page, ReportRenderer.render(ReportFixtures.study()), StandardCharsets.UTF_8);

    try (HeadlessChromium browser = new HeadlessChromium(chromium.get())) {
      browser.open(page.toUri(), 1280, 900);
      assertThat(browser.errors()).as("console errors").isEmpty();
      JsonNode charts = browser.evaluate("Array.from(document.querySelectorAll('svg')).map(s => {"
          + "const r = s.getBoundingClientRect(); return [r.width, r.height]; })");
      assertThat(charts).hasSize(9);
      for (JsonNode size : charts) {
        assertThat(size.get(0).asDouble()).as("chart width").isGreaterThan(200);
        assertThat(size.get(1).asDouble()).as("chart height").isGreaterThan(100);
      }
      assertThat(browser.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth === 28 "
          + "&& i.getBoundingClientRect().width > 0)").asBoolean()).as("every image decoded and shown").isTrue();
      assertThat(browser.evaluate("document.querySelectorAll('nav li').length").asInt()).isEqualTo(7);
      Files.write(OUT.resolve("desktop.png"), browser.screenshot());

      browser.open(page.toUri(), 390, 844);
      assertThat(browser.errors()).as("console errors").isEmpty();
      assertThat(browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth").asBoolean())
          .as("no horizontal scrolling at phone width").isTrue();
      assertThat(browser.evaluate("Array.from(document.querySelectorAll('svg')).every(s => "
          + "s.getBoundingClientRect().width > 0 && s.getBoundingClientRect().width <= window.innerWidth)")
          .asBoolean()).as("charts fit the phone's width").isTrue();
      byte[] phone = browser.screenshot();
      assertThat(phone).hasSizeGreaterThan(1000);
      Files.write(OUT.resolve("phone.png"), phone);
    }
  }
}
