import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def out = new File(basedir, 'target/fashion-ae')
def builds = log.split(/(?m)^\[INFO\] Scanning for projects/).findAll { it.contains('BUILD SUCCESS') }
assert builds.size() == 6

// 1: everything trains; progress is streamed per epoch; the engine says whether it runs oneDNN's helpers.
def first = builds[0]
assert first =~ /autoencoder epoch 1\/2: loss 0\.\d{5} \(eval 0\.\d{5}, validation 0\.\d{5}\), [\d.]+ s, ETA/
assert first =~ /classifier-finetune epoch 2\/2: loss [\d.]+ .*accuracy 0\.\d{4} \(validation 0\.\d{4}\)/
assert first =~ /classifier-frozen epoch 2\/2: /
// the engine says which numerics it runs: the portable ones by default, whose bytes no platform changes
assert first =~ /autoencoder: 121,137 parameters, 400 training and 200 validation examples; DL4J 1\.0\.0-M2\.1, portable numerics r\d+ \(the project's Java kernels; the same bytes on every CPU and with any thread count\)/

def stages = ['autoencoder', 'classifier-finetune', 'classifier-frozen']
// 2 and 3: nothing trains, also after clean.
[builds[1], builds[2]].each { build ->
  assert !(build =~ /epoch \d+\/2/)
  stages.each { stage -> assert build =~ /${stage} [0-9a-f]{12}: up to date \(from the cache / }
}
// 4: only the classifiers' learning rate changed.
assert builds[3] =~ /autoencoder [0-9a-f]{12}: up to date/
assert !(builds[3] =~ /autoencoder epoch/)
assert builds[3] =~ /classifier-finetune [0-9a-f]{12}: not in the cache; changed since the last build: settings.learningRate 0.001 → 0.005/
assert builds[3] =~ /classifier-finetune epoch 2\/2/
// 5: a separate cache retrains, and the models are byte-identical to the first build's.
def shas = { build, stage -> (build =~ /${stage} trained in .* \(SHA-256 ([0-9a-f]{64})\)/).collect { it[1] } }
stages.each { stage ->
  assert shas(builds[0], stage).size() == 1
  assert shas(builds[4], stage) == shas(builds[0], stage)
}

// 6 and 7: halted after epoch 1, then resumed; the model is the uninterrupted build's.
def resumed = builds[5]
assert resumed.contains('autoencoder: resuming after epoch 1/2 from the checkpoint in ')
assert !resumed.contains('autoencoder epoch 1/2')
assert resumed.contains('autoencoder epoch 2/2')
assert shas(resumed, 'autoencoder') == shas(builds[0], 'autoencoder')

stages.each { stage ->
  assert new File(out, "${stage}/model.zip").isFile()
  def history = new JsonSlurper().parse(new File(out, "${stage}/history.json"))
  assert history.stage == stage
  assert history.epochs.size() == 2
  assert history.trainExamples == 400
  assert history.validationExamples == 200
  def card = new JsonSlurper().parse(new File(out, "${stage}/model-card.json"))
  assert card.fingerprint ==~ /[0-9a-f]{64}/
  assert card.inputs['settings.epochs'] == '2'
  assert new File(out, "${stage}/model.zip.sha256").text.startsWith(card.modelSha256 + '  model.zip')
}
def frozen = new JsonSlurper().parse(new File(out, 'classifier-frozen/history.json'))
assert frozen.epochs.every { it.validationAccuracy >= 0 && it.validationAccuracy <= 1 }
assert frozen.dataDescription.startsWith('200 training images held out for validation (seed 42)')
// 8: a bad parameter fails in the first goal, before any training, in one message (not repeated by its cause)
// naming the execution, the goal, the parameter and its property
def invalid = log.split(/(?m)^\[INFO\] Scanning for projects/).find { it.contains('Invalid parameter epochs') }
assert invalid.contains('BUILD FAILURE')
assert invalid.contains("fetch-dataset (default) on project train-study-networks-on-a-real-slice: Invalid configuration "
    + "of the execution 'default' of fashion-ae:train-autoencoder: Invalid parameter epochs (fashionae.epochs): expected "
    + 'at least 1, found -1 (every execution of fashion-ae in the project is checked by fetch-dataset, before any work) '
    + '-> [Help 1]')
assert !invalid.contains('found -1: ')
assert !(invalid =~ /epoch \d+\/-1/)
true
