import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def builds = log.split(/(?m)^\[INFO\] Scanning for projects/).findAll { it.contains('BUILD ') }
assert builds.size() == 2

def shared = builds[0]
assert shared.contains('BUILD FAILURE')
assert shared.contains("The execution 'a' of fashion-ae:train-autoencoder and the execution 'b' of "
    + 'fashion-ae:train-autoencoder would both write ')
assert shared.contains('give each execution its own <outputDirectory>')
assert !(shared =~ /epoch \d+\//)

def separate = builds[1]
assert separate.contains('BUILD SUCCESS')
assert !separate.contains('replace previous instance')
def slurp = { path -> new JsonSlurper().parse(new File(basedir, path)) }
['a': '32', 'b': '64'].each { execution, latent ->
  def folder = "target/models-${execution}"
  def autoencoder = slurp("${folder}/autoencoder/model-card.json")
  def classifier = slurp("${folder}/classifier-frozen/model-card.json")
  assert autoencoder.inputs['autoencoder.latentSize'] == latent
  // the classifier of each execution was trained on that execution's own encoder
  assert classifier.inputs['classifier.encoderSha256'] == autoencoder.modelSha256
  ['autoencoder', 'classifier-frozen'].each { stage ->
    assert separate.contains("two-executions-train-their-own-models-1-models-${execution}-${stage}.zip")
  }
}
assert slurp('target/models-a/autoencoder/model-card.json').modelSha256 !=
    slurp('target/models-b/autoencoder/model-card.json').modelSha256
true
