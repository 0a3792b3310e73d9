package io.github.fashionae.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fashionae.stage.InvalidParameterException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A shard's share of the plan: positions I modulo N, the baseline at 0. */
class ShardTest {

  @Test
  void eachPositionBelongsToExactlyOneShard() {
    List<Shard> shards = List.of(Shard.parse("0/3"), Shard.parse(" 1 / 3 "), Shard.parse("2/3"));

    IntStream.range(0, 10).forEach(position ->
        assertThat(shards.stream().filter(s -> s.owns(position)).toList()).hasSize(1));
    assertThat(shards.get(0).owns(Shard.BASELINE)).isTrue();
    assertThat(shards.get(1).owns(4)).isTrue();
    assertThat(shards.get(2).ownerOf(7)).isEqualTo("1/3");
    assertThat(Shard.parse("0/1").owns(5)).isTrue();
    assertThat(shards.get(1)).hasToString("1/3");
    // the one rule, as the plan asks it without a shard of its own
    IntStream.range(0, 10).forEach(position -> assertThat(Shard.owning(position, 3).owns(position)).isTrue());
    assertThat(Shard.owning(7, 3)).isEqualTo(shards.get(1));
  }

  @Test
  void anythingButIOverNIsRefusedNamingTheParameter() {
    for (String bad : List.of("3/3", "-1/2", "1/0", "1", "a/b", "1/2/3", "")) {
      assertThatThrownBy(() -> Shard.parse(bad)).as(bad).isInstanceOf(InvalidParameterException.class)
          .hasMessageContaining("shard").hasMessageContaining("I/N with 0 <= I < N");
    }
  }
}
