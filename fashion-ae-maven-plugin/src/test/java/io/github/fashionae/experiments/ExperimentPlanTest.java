package io.github.fashionae.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ExperimentPlanTest {

  private static Map<String, List<String>> vary(String... keyValues) {
    Map<String, List<String>> vary = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      vary.put(keyValues[i], List.of(keyValues[i + 1].split(",")));
    }
    return vary;
  }

  @Test
  void aSweepExpandsToEveryCombinationInAStableOrder() {
    // declared optimizer first: keys are still taken alphabetically, values in declared order
    List<Experiment> plan = ExperimentPlan.expand(List.of(), List.of(new ExperimentPlan.Sweep("lr",
        vary("optimizer", "adam,sgd", "learningRate", "0.01,0.005,0.001"), Map.of("epochs", "5"))));

    assertThat(plan).extracting(Experiment::name).containsExactly(
        "lr-learningRate=0.01-optimizer=adam", "lr-learningRate=0.01-optimizer=sgd",
        "lr-learningRate=0.005-optimizer=adam", "lr-learningRate=0.005-optimizer=sgd",
        "lr-learningRate=0.001-optimizer=adam", "lr-learningRate=0.001-optimizer=sgd");
    assertThat(plan.get(3).overrides()).containsExactly(Map.entry("epochs", "5"),
        Map.entry("learningRate", "0.005"), Map.entry("optimizer", "sgd"));
    assertThat(ExperimentPlan.expand(List.of(), List.of(new ExperimentPlan.Sweep("lr",
        vary("learningRate", "0.01,0.005,0.001", "optimizer", "adam,sgd"), Map.of("epochs", "5")))))
        .isEqualTo(plan);
  }

  @Test
  void declaredExperimentsComeFirstInTheirOrder() {
    List<Experiment> plan = ExperimentPlan.expand(List.of(
            new Experiment("no-linear", new TreeMap<>(Map.of("linearBottleneck", "false"))),
            new Experiment("baseline", new TreeMap<>())),
        List.of(new ExperimentPlan.Sweep("dropout", vary("dropout", "0.35,0.5"), null)));
    assertThat(plan).extracting(Experiment::name)
        .containsExactly("no-linear", "baseline", "dropout-dropout=0.35", "dropout-dropout=0.5");
    assertThat(plan.get(1).describe()).isEqualTo("(the baseline)");
    assertThat(plan.get(2).describe()).isEqualTo("dropout=0.35");
  }

  @Test
  void duplicateNamesAreRejected() {
    assertThatThrownBy(() -> ExperimentPlan.expand(List.of(
        new Experiment("a", new TreeMap<>(Map.of("seed", "1"))),
        new Experiment("dropout-dropout=0.5", new TreeMap<>())),
        List.of(new ExperimentPlan.Sweep("dropout", vary("dropout", "0.35,0.5"), null))))
        .isInstanceOf(ExperimentPlan.InvalidPlanException.class)
        .hasMessage("experiment names must be unique, found 'dropout-dropout=0.5' twice");
    assertThatThrownBy(() -> ExperimentPlan.expand(List.of(), List.of(
        new ExperimentPlan.Sweep("s", vary("seed", "1,1"), null))))
        .hasMessage("sweeps/sweep[1]/vary/seed: expected distinct values, found [1, 1]");
  }

  @Test
  void unknownKeysAreRejectedWithTheKeyNamed() {
    assertThatThrownBy(() -> ExperimentPlan.expand(List.of(
        new Experiment("a", new TreeMap<>(Map.of("learningrate", "0.1")))), List.of()))
        .hasMessageStartingWith("experiments/experiment[1]/set: unknown key 'learningrate', expected one of "
            + "batchSize, classifierDropout, classifierLearningRate, classifierModes, classifierOptimizer, "
            + "dropout, epochs, latentSize, learningRate, linearBottleneck, optimizer, seed");
    assertThatThrownBy(() -> ExperimentPlan.expand(List.of(
        new Experiment("a", new TreeMap<>(Map.of("classifier.modes", "frozen")))), List.of()))
        .hasMessage("experiments/experiment[1]/set: the key 'classifier.modes' was renamed to 'classifierModes', "
            + "the name of the plugin's parameter");
    assertThatThrownBy(() -> ExperimentPlan.expand(List.of(), List.of(
        new ExperimentPlan.Sweep("s", vary("momentum", "0.9"), null))))
        .hasMessageStartingWith("sweeps/sweep[1]/vary: unknown key 'momentum'");
  }

  @Test
  void namesMustBeFolderNamesAndSweepsMustVarySomething() {
    assertThatThrownBy(() -> ExperimentPlan.expand(List.of(new Experiment("../up", new TreeMap<>())), List.of()))
        .hasMessage("experiments/experiment[1]: expected a name of letters, digits and . _ = + - (a folder name), "
            + "found '../up'");
    assertThatThrownBy(() -> ExperimentPlan.expand(List.of(), List.of(new ExperimentPlan.Sweep("s", Map.of(), null))))
        .hasMessage("sweeps/sweep[1]/vary: expected at least one key with values, found none");
    assertThatThrownBy(() -> ExperimentPlan.expand(List.of(), List.of(
        new ExperimentPlan.Sweep("s", vary("seed", "1,2"), Map.of("seed", "3")))))
        .hasMessage("sweeps/sweep[1]: seed is both varied and set");
  }
}
