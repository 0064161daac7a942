package io.github.superpose.plots;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Gram heatmap of many features stays small as SVG (one embedded image, not n² vector cells)
 * and still shows the matrix: the identity's diagonal is red, the rest near white.
 */
class HeatmapSizeTest {
    @TempDir
    Path tmp;

    @Test
    void manyFeaturesGiveASmallSvgWithTheSameColours() throws Exception {
        int n = 600;
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            g[i][i] = 1;
        }
        FigureWriter.Written w = FigureWriter.write(
                GramHeatmap.of("identity", List.of(new GramHeatmap.Instance("I", g, new double[n]))), tmp, "big");
        long svg = Files.size(w.svg());
        assertTrue(svg < 5_000_000, "SVG of " + n + " features is " + svg + " bytes");
        BufferedImage png = ImageIO.read(w.png().toFile());
        int red = 0;
        for (int x = 0; x < png.getWidth(); x++) {
            for (int y = 0; y < png.getHeight(); y++) {
                Color c = new Color(png.getRGB(x, y));
                red += c.getRed() > 150 && c.getBlue() < 100 ? 1 : 0;
            }
        }
        assertTrue(red > 50, "the diagonal of ones is drawn in the warm end of the colour map: " + red + " pixels");
    }
}
