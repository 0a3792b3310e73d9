def log = new File(basedir, 'build.log').text
def builds = log.split(/(?m)^\[INFO\] Scanning for projects/).findAll { it.contains('BUILD ') }
assert builds.size() == 10
builds.each { build ->
  assert build.contains('BUILD FAILURE')
  // nothing was fetched, trained or evaluated: the first goal failed on the configuration of a later one
  assert !build.contains('Fashion-MNIST ready') && !build.contains('verified and cached')
  assert !(build =~ /epoch \d+\//) && !build.contains('Evaluating')
}
builds.eachWithIndex { build, i ->
  if (i < 9) { // the number property fails in fetch-dataset itself, as it reads the user properties
    assert build.contains('checked by fetch-dataset, before any work')
  }
}
assert builds[0].contains("Invalid configuration of the execution 'study' of fashion-ae:train-classifier: Invalid "
    + "parameter classifierOptimizer (fashionae.classifierOptimizer): expected one of adam, sgd, found 'rmsprop'")
assert builds[0].contains('[WARNING] fashionae.dropuot is not a property of any fashion-ae goal, so it is ignored; '
    + 'did you mean fashionae.dropout?')
assert builds[1].contains("Invalid configuration of the execution 'study' of fashion-ae:evaluate: Invalid quality gate "
    + "rule rules/rule[1]/metric: expected one of mse, crossEntropy, accuracy, macroF1, found 'acc'")
assert builds[2].contains("Invalid configuration of the execution 'study' of fashion-ae:experiments: Invalid "
    + 'experiments: ')
assert builds[2].contains('learningrate')
assert builds[3].contains('Invalid parameter validationSize (fashionae.validationSize): expected fewer than the 60,000 '
    + 'training images held out (some must be left to train on), found 60000')
assert builds[4].contains('Invalid parameter validationSize (fashionae.validationSize): expected at most the 10,000 '
    + 'test images with validation=test (0 = all of them), found 20000')
assert builds[5].contains('Invalid parameter trainLimit (fashionae.trainLimit): expected at most the 50,000 training '
    + 'images left after holding out 10,000 (0 = all of them), found 100000')
assert builds[6].contains("Invalid parameter maxHeap (fashionae.maxHeap): expected a heap size of at least 128m for "
    + "the engine JVM's -Xmx, a number with a unit k, m or g, e.g. 512m or 2g, found 'lots'")
assert builds[7].contains("Invalid configuration of the execution 'study' of fashion-ae:evaluate: "
    + "Invalid quality gate rule rules/rule[1]/stage: expected an experiment of this project's before the '/' of 'no-linaer/autoencoder' "
    + "(no-linear), found 'no-linaer'; did you mean no-linear?")
assert builds[7].contains("[WARNING] <epoch> in the plugin's <configuration> of fashion-ae is not a parameter of any "
    + "fashion-ae goal, so it is ignored; did you mean <epochs>?")
assert builds[8].contains("Invalid configuration of the execution 'study' of fashion-ae:report: "
    + "Invalid comparison comparisons/comparison[1]/experiments: expected an experiment of this project's (no-linear, baseline), found "
    + "'no-linaer'; did you mean no-linear?")
assert builds[9].contains("Invalid parameter epochs (fashionae.epochs): expected a whole number, found 'abc'")
assert !new File(basedir, 'it-user-cache/datasets').exists()
true
