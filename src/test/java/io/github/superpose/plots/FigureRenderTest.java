package io.github.superpose.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

/** Every figure type writes a decodable, non-blank PNG and a well-formed SVG with its title. */
class FigureRenderTest {

    static Stream<Arguments> figures() {
        return SampleFigures.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("figures")
    void rendersPngAndSvg(String baseName, Figure figure, @TempDir Path dir) throws Exception {
        FigureWriter.Written out = FigureWriter.write(figure, dir, baseName, 700, 520);

        BufferedImage png = ImageIO.read(out.png().toFile());
        assertNotNull(png, "PNG did not decode");
        assertEquals(700, png.getWidth());
        assertEquals(520, png.getHeight());
        int colours = distinctColours(png);
        assertTrue(colours > 50, baseName + " looks blank: only " + colours + " colours");

        Document svg = offlineParser().newDocumentBuilder().parse(out.svg().toFile());
        assertEquals("svg", svg.getDocumentElement().getTagName());
        String text = svg.getDocumentElement().getTextContent();
        assertTrue(text.contains(figure.name()), baseName + " SVG does not contain its title '" + figure.name() + "'");
    }

    @Test
    void writesAtomicallyAndReplacesOldFiles(@TempDir Path dir) throws IOException {
        Figure fan = SampleFigures.featureFan();
        Files.writeString(dir.resolve("fan.png"), "stale");
        FigureWriter.write(fan, dir, "fan", 300, 200);
        FigureWriter.write(fan, dir, "fan", 300, 200);
        assertNotNull(ImageIO.read(dir.resolve("fan.png").toFile()), "stale PNG not replaced");
        try (Stream<Path> files = Files.list(dir)) {
            Set<String> names = new HashSet<>();
            files.forEach(p -> names.add(p.getFileName().toString()));
            assertEquals(Set.of("fan.png", "fan.svg"), names, "temporary files left behind");
        }
    }

    @Test
    void preferredSizeIsUsedByDefault(@TempDir Path dir) throws IOException {
        Figure fan = SampleFigures.featureFan();
        BufferedImage png =
                ImageIO.read(FigureWriter.write(fan, dir, "fan").png().toFile());
        assertEquals(fan.preferredWidth(), png.getWidth());
        assertEquals(fan.preferredHeight(), png.getHeight());
    }

    @Test
    void allNineFigureTypesAreSampled() {
        Map<String, Figure> all = SampleFigures.all();
        assertEquals(9, all.size());
        assertFalse(all.values().stream().anyMatch(f -> f.name().isBlank()));
    }

    /** SVG output names the W3C DTD; parse well-formedness without fetching it. */
    static DocumentBuilderFactory offlineParser() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory;
    }

    static int distinctColours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
