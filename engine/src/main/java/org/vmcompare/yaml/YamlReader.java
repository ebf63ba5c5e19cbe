package org.vmcompare.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vmcompare.common.InputError;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML document into a {@link YNode} tree with locations. Guards against alias bombs (at
 * most {@value #MAX_ALIASES} aliases), duplicate keys and huge documents; every problem is an
 * {@link InputError} naming the file and line.
 */
public final class YamlReader {
  public static final int MAX_ALIASES = 50;

  /** Nodes a document may expand to once aliases are followed (alias bombs stay small). */
  public static final long MAX_EXPANDED_NODES = 200_000;

  private static final int MAX_CODE_POINTS = 8 * 1024 * 1024;

  private final YAMLFactory factory;

  public YamlReader() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowDuplicateKeys(false);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setNestingDepthLimit(64);
    this.factory = YAMLFactory.builder().loaderOptions(options).build();
  }

  /** Parses text; {@code file} is only used in messages. An empty document is an error. */
  public YNode read(String file, String text) {
    State state = new State();
    try (JsonParser p = factory.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new InputError(file, 1, 1, null, "the file is empty");
      }
      YNode root = readValue(file, p, state);
      if (p.nextToken() != null) {
        JsonLocation loc = p.currentTokenLocation();
        throw new InputError(
            file, loc.getLineNr(), loc.getColumnNr(), null, "only one YAML document is allowed");
      }
      return root;
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
        // SnakeYAML's own problem at its own place (the tab's line and column), not only the
        // "while scanning" context Jackson's message starts with.
        throw new InputError(
            file,
            m.getProblemMark().getLine() + 1,
            m.getProblemMark().getColumn() + 1,
            null,
            "malformed YAML: " + printable(firstLine(m.getProblem())));
      }
      JsonLocation loc = e.getLocation();
      String msg = e.getOriginalMessage();
      if (msg != null && msg.contains("Number of aliases")) {
        msg = "too many YAML aliases (at most " + MAX_ALIASES + "); is this an alias bomb?";
      } else if (msg != null && msg.startsWith("Duplicate field")) {
        msg = "duplicate key " + msg.substring("Duplicate field ".length());
      }
      throw new InputError(
          file,
          loc == null ? 0 : loc.getLineNr(),
          loc == null ? 0 : loc.getColumnNr(),
          null,
          "malformed YAML: " + printable(firstLine(msg)));
    } catch (IOException e) {
      throw new InputError(file, 0, 0, null, "cannot read: " + e.getMessage());
    } catch (RuntimeException e) {
      if (e instanceof InputError ie) {
        throw ie;
      }
      // SnakeYAML reports some limits (aliases, duplicate keys) as its own runtime exceptions.
      throw new InputError(
          file, 0, 0, null, "malformed YAML: " + printable(firstLine(describe(e))));
    }
  }

  private static String describe(RuntimeException e) {
    String m = e.getMessage();
    if (m != null && m.contains("Number of aliases")) {
      return "too many YAML aliases (at most " + MAX_ALIASES + "); is this an alias bomb?";
    }
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /**
   * The text with control and other unprintable characters written as escapes ({@code \t}, {@code
   * \u0000}), so a message never carries raw bytes from a binary file to the terminal.
   */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c -> {
              if (c == '\t') {
                sb.append("\\t");
              } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0xfffd) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", c));
              } else {
                sb.appendCodePoint(c);
              }
            });
    return sb.toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  /** Anchors seen so far and how large the document has grown with aliases expanded. */
  private static final class State {
    final Map<String, YNode> anchors = new HashMap<>();
    final Map<String, Long> anchorSizes = new HashMap<>();
    int aliases;
    long expanded;
  }

  private YNode readValue(String file, JsonParser p, State state) throws IOException {
    JsonLocation loc = p.currentTokenLocation();
    int line = loc.getLineNr();
    int col = loc.getColumnNr();
    YAMLParser yp = (YAMLParser) p;
    if (yp.isCurrentAlias()) {
      String name = p.getText();
      YNode target = state.anchors.get(name);
      if (target == null) {
        throw new InputError(
            file,
            line,
            col,
            null,
            "unknown YAML alias *"
                + name
                + " (anchor a map or a list; anchors on single values are not supported)");
      }
      if (++state.aliases > MAX_ALIASES) {
        throw new InputError(
            file, line, col, null, "too many YAML aliases (at most " + MAX_ALIASES + ")");
      }
      state.expanded += state.anchorSizes.get(name);
      checkSize(file, line, col, state);
      return target;
    }
    String anchor = yp.getObjectId();
    long before = state.expanded;
    YNode node = readPlain(file, p, state, line, col);
    state.expanded++;
    checkSize(file, line, col, state);
    if (anchor != null) {
      state.anchors.put(anchor, node);
      state.anchorSizes.put(anchor, state.expanded - before);
    }
    return node;
  }

  private static void checkSize(String file, int line, int col, State state) {
    if (state.expanded > MAX_EXPANDED_NODES) {
      throw new InputError(
          file,
          line,
          col,
          null,
          "the document expands to more than "
              + MAX_EXPANDED_NODES
              + " values through YAML aliases; is this an alias bomb?");
    }
  }

  private YNode readPlain(String file, JsonParser p, State state, int line, int col)
      throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        LinkedHashMap<String, YNode.Entry> entries = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          JsonLocation kl = p.currentTokenLocation();
          String key = p.currentName();
          p.nextToken();
          YNode value = readValue(file, p, state);
          if (entries.containsKey(key)) {
            throw new InputError(file, kl.getLineNr(), kl.getColumnNr(), key, "duplicate key");
          }
          entries.put(key, new YNode.Entry(key, kl.getLineNr(), kl.getColumnNr(), value));
        }
        return new YNode.Mapping(entries, line, col);
      }
      case START_ARRAY -> {
        List<YNode> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(readValue(file, p, state));
        }
        return new YNode.Seq(items, line, col);
      }
      case VALUE_NULL -> {
        return new YNode.Scalar(null, false, line, col);
      }
      case VALUE_STRING -> {
        String s = p.getText();
        return new YNode.Scalar(s.isEmpty() ? null : s, true, line, col);
      }
      default -> {
        return new YNode.Scalar(p.getText(), false, line, col);
      }
    }
  }
}
