import groovy.json.JsonSlurper

def stage = new File(basedir, 'producer/target/fashion-ae/classifier-finetune')
def repo = new File(localRepositoryPath, 'io/github/fashionae/it/released-models/1')
// the installed artifacts are the stage's files, byte for byte
['zip': 'model.zip', 'onnx': 'model.onnx'].each { type, file ->
  def installed = new File(repo, "released-models-1-classifier-finetune.${type}")
  assert installed.isFile()
  assert installed.bytes.digest('SHA-256') == new File(stage, "${file}.sha256").text.split(' ')[0]
}
assert new File(repo, 'released-models-1-autoencoder.onnx').isFile()
def card = new JsonSlurper().parse(new File(repo, 'released-models-1-classifier-finetune-card.json'))
assert card.onnx.opset == 13
assert card.dl4j.version == '1.0.0-M2.1'
assert card.classes[9] == 'Ankle boot'
assert card.input.shape == [-1, 784]

def log = new File(basedir, 'build.log').text
def recorded = new JsonSlurper().parse(new File(stage, 'evaluation.json')).accuracy
// each consumer printed its accuracy next to the producer's (and asserted they agree within 0.001, what the
// models' contract promises across kernels: outputs within 1e-5)
['plain DL4J consumer', 'ONNX Runtime consumer'].each { consumer ->
  def printed = (log =~ /${consumer}: test accuracy (0\.\d{4}) on 10000 images/)
  assert printed.find()
  assert Math.abs((printed.group(1) as double) - recorded) <= 0.001
}
true
