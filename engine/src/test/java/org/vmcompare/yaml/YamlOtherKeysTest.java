package org.vmcompare.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmcompare.common.InputError;
import org.vmcompare.os.OptionSpec;

/** A map component marked {@link YamlOtherKeys}: bound, described and written by the same rule. */
final class YamlOtherKeysTest {
  /** Two "systems" declaring keys; one key declared by both, differently. */
  public static final class Knobs implements YamlOtherKeys.Source {
    @Override
    public Map<String, List<OptionSpec>> keys() {
      Map<String, List<OptionSpec>> out = new LinkedHashMap<>();
      out.put(
          "alpha",
          List.of(
              OptionSpec.integer("level", 0, -5, 5, "a level"), OptionSpec.of("tag", "x", "t")));
      out.put("beta", List.of(OptionSpec.size("level", "1pages", "a size")));
      return out;
    }
  }

  record Job(String name, @YamlOtherKeys(Knobs.class) Map<String, Object> knobs, Long count) {
    Job {
      if (name == null) {
        throw new IllegalArgumentException("name: is required");
      }
    }
  }

  private static Job bind(String yaml) {
    return new Binder("j.yaml").bind(new YamlReader().read("j.yaml", yaml), Job.class, "job");
  }

  @Test
  void bind_keysNoComponentNames_areGatheredInDocumentOrder_asPlainYaml() {
    Job j = bind("tag: b\nname: n\nlevel: 3\ncount: 2\nlist: [1, 2]\nempty:\n");

    assertThat(j.name()).isEqualTo("n");
    assertThat(j.count()).isEqualTo(2);
    assertThat(j.knobs().keySet()).containsExactly("tag", "level", "list", "empty");
    assertThat(j.knobs()).containsEntry("level", "3").containsEntry("list", List.of("1", "2"));
    assertThat(j.knobs().get("empty")).isNull();
  }

  @Test
  void bind_theComponentsOwnName_isNotAKey_butJustAnotherGatheredOne() {
    Job j = bind("name: n\nknobs: {level: 1}\n");

    assertThat(j.knobs()).containsOnlyKeys("knobs");
  }

  @Test
  void bind_typoOfARequiredKey_isReportedAsTheTypo_notAsTheMissingKey() {
    InputError e = catchThrowableOfType(InputError.class, () -> bind("nmae: n\nlevel: 1\n"));

    assertThat(e.line()).isEqualTo(1);
    assertThat(e.column()).isEqualTo(1);
    assertThat(e.key()).isEqualTo("job.nmae");
    assertThat(e.problem())
        .isEqualTo("unknown key (did you mean 'name'?); valid keys here: name, count");
  }

  @Test
  void namedKeys_leaveOutTheOtherKeysComponent() {
    assertThat(Binder.namedKeys(Job.class)).containsExactly("name", "count");
  }

  @Test
  void schema_listsTheSourcesKeys_insteadOfTheComponent_withWhoReadsEach() {
    ObjectNode s = SchemaGenerator.generate(Job.class, "job");

    assertThat(s.get("properties").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("name", "level", "tag", "count");
    assertThat(s.get("additionalProperties").asBoolean()).isFalse();
    assertThat(s.at("/properties/tag/description").asText()).isEqualTo("alpha: t (default x)");
    assertThat(s.at("/properties/level/anyOf/0/maximum").asInt()).isEqualTo(5);
    assertThat(s.at("/properties/level/anyOf/0/description").asText())
        .isEqualTo("alpha: a level (default 0; -5..5)");
    assertThat(s.at("/properties/level/anyOf/1/pattern").asText()).isEqualTo(SchemaPatterns.SIZE);
  }

  @Test
  void write_putsTheGatheredKeysBesideTheRecordsOwn_soTheyBindBackTheSame() {
    Job j = bind("name: n\nlevel: 3\ntag: b\ncount: 2\n");

    String yaml = YamlWriter.write(j);

    assertThat(yaml).doesNotContain("knobs").contains("level: 3");
    assertThat(bind(yaml)).isEqualTo(j);
  }
}
