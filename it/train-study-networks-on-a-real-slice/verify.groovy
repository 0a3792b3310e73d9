import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def out = new File(basedir, 'target/fashion-ae')

// Progress is streamed per epoch, with losses, seconds and an ETA; the engine runs oneDNN's helpers.
assert log =~ /autoencoder epoch 1\/2: loss 0\.\d{5} \(eval 0\.\d{5}, validation 0\.\d{5}\), [\d.]+ s, ETA/
assert log =~ /classifier-finetune epoch 2\/2: loss [\d.]+ .*accuracy 0\.\d{4} \(validation 0\.\d{4}\)/
assert log =~ /classifier-frozen epoch 2\/2: /
assert log.contains('autoencoder: 121,137 parameters, 400 training and 200 validation examples; DL4J 1.0.0-M2.1, natives linux-x86_64-onednn, oneDNN helpers on, 1 thread')

['autoencoder', 'classifier-finetune', 'classifier-frozen'].each { stage ->
  assert new File(out, "${stage}/model.zip").isFile()
  def history = new JsonSlurper().parse(new File(out, "${stage}/history.json"))
  assert history.stage == stage
  assert history.epochs.size() == 2
  assert history.trainExamples == 400
  assert history.validationExamples == 200
  assert history.parametersSha256 ==~ /[0-9a-f]{64}/
  // The second build trained nothing.
  assert log.contains("${stage}: up to date (same inputs as the last build), not retrained")
}
def frozen = new JsonSlurper().parse(new File(out, 'classifier-frozen/history.json'))
assert frozen.epochs.every { it.validationAccuracy >= 0 && it.validationAccuracy <= 1 }
assert frozen.dataDescription.startsWith('200 training images held out for validation (seed 42)')
true
