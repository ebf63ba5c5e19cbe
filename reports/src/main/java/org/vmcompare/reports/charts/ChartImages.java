package org.vmcompare.reports.charts;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Renders a chart headless: to an SVG element to inline in the HTML report (no fonts, scripts or
 * images fetched from anywhere), or to PNG bytes for documents such as the README.
 */
public final class ChartImages {
  static {
    // Reports are made on servers and in CI: never try to open a display.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private ChartImages() {}

  /**
   * The chart as one {@code <svg>} element with a viewBox and no fixed size, so it scales with the
   * page.
   *
   * @param id unique in the page: it prefixes the element's clip-path ids, which would otherwise
   *     collide between two inline charts
   */
  public static String svg(JFreeChart chart, String id, int width, int height) {
    Objects.requireNonNull(chart, "chart is null");
    Objects.requireNonNull(id, "id is null");
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    g.setDefsKeyPrefix(id + "-");
    chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    return g.getSVGElement(id, false, new ViewBox(0, 0, width, height), null, null);
  }

  /** The chart as a PNG image. */
  public static byte[] png(JFreeChart chart, int width, int height) {
    Objects.requireNonNull(chart, "chart is null");
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a PNG in memory", e);
    }
    return out.toByteArray();
  }
}
