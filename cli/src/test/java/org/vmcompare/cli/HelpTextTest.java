package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Help that reads well at the default width of 80 columns: command lists show whole sentences,
 * descriptions are paragraphs picocli wraps once, and example commands are never split.
 */
final class HelpTextTest {
  private static final Pattern SENTENCE_END = Pattern.compile(".*[.:)]$");

  private static List<CommandLine> everyCommand() {
    List<CommandLine> out = new ArrayList<>();
    collect(Main.commandLine(), out);
    return out;
  }

  /** Every command of ours (picocli's own {@code help} is not). */
  private static void collect(CommandLine cl, List<CommandLine> out) {
    if (cl.getCommand() instanceof CommandLine.HelpCommand) {
      return;
    }
    out.add(cl);
    cl.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, out));
  }

  private static String name(CommandLine cl) {
    return cl.getCommandSpec().qualifiedName();
  }

  @Test
  void commandLists_showEachSubcommandsWholeHeader() {
    for (CommandLine cl : everyCommand()) {
      String usage = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
      for (CommandLine sub : cl.getSubcommands().values()) {
        if (sub.getCommandSpec().name().equals("help")) {
          continue;
        }
        String[] header = sub.getCommandSpec().usageMessage().header();
        assertThat(header).as("%s has a one-sentence header", name(sub)).hasSize(1);
        assertThat(header[0]).as("%s's header is a whole sentence", name(sub)).endsWith(".");
        assertThat(collapse(usage))
            .as("%s lists %s with its whole header", name(cl), sub.getCommandSpec().name())
            .contains(sub.getCommandSpec().name() + " " + header[0]);
      }
    }
  }

  @Test
  void descriptions_arePrewrappedNowhere_eachElementAWholeParagraph() {
    for (CommandLine cl : everyCommand()) {
      for (String line : cl.getCommandSpec().usageMessage().description()) {
        if (line.startsWith("  ")) {
          continue; // a code line, kept as it is
        }
        assertThat(line)
            .as("a description paragraph of %s ends a sentence", name(cl))
            .matches(SENTENCE_END);
      }
    }
  }

  @Test
  void exampleCommands_areNeverSplitAcrossLines() {
    for (CommandLine cl : everyCommand()) {
      List<String> rendered = cl.getUsageMessage(CommandLine.Help.Ansi.OFF).lines().toList();
      for (String line : cl.getCommandSpec().usageMessage().footer()) {
        if (line.startsWith("  ")) {
          assertThat(rendered)
              .as("the example line of %s stays whole at 80 columns", name(cl))
              .contains(line);
        }
      }
    }
  }

  /** The usage text with picocli's wrapped continuation lines joined back. */
  private static String collapse(String usage) {
    return usage.replaceAll("\\s*\\n\\s+", " ").replaceAll(" +", " ");
  }
}
