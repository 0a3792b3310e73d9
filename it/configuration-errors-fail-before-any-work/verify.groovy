def log = new File(basedir, 'build.log').text
def builds = log.split(/(?m)^\[INFO\] Scanning for projects/).findAll { it.contains('BUILD ') }
assert builds.size() == 3
builds.each { build ->
  assert build.contains('BUILD FAILURE')
  // nothing was fetched, trained or evaluated: the first goal failed on the configuration of a later one
  assert !build.contains('Fashion-MNIST ready') && !build.contains('verified and cached')
  assert !(build =~ /epoch \d+\//) && !build.contains('Evaluating')
  assert build.contains('checked by fetch-dataset, before any work')
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
assert !new File(basedir, 'it-user-cache/datasets').exists()
true
