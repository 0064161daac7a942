package io.github.superpose.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Writes every sample figure to /tmp/superpose-plot-samples/ so a person can look at them. */
class SampleFiguresTest {

    static final Path SAMPLES = Path.of("/tmp/superpose-plot-samples");

    @Test
    void writesAllNineSamplesAndVariants() {
        Map<String, Figure> figures = new java.util.LinkedHashMap<>(SampleFigures.all());
        assertEquals(9, figures.size());
        figures.putAll(SampleFigures.extras());
        figures.forEach((name, figure) -> {
            FigureWriter.Written out = FigureWriter.write(figure, SAMPLES, name);
            assertTrue(Files.isRegularFile(out.png()), out.png().toString());
            assertTrue(Files.isRegularFile(out.svg()), out.svg().toString());
        });
    }
}
