import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def builds = log.split(/(?m)^\[INFO\] Scanning for projects/).findAll { it.contains('BUILD ') }
assert builds.size() == 10

def released = new File(basedir, 'releases/io/github/fashionae/it/release/study/1.0.0')
def sha = { File f -> f.bytes.digest('SHA-256') }

// 1: a first release: one line, no comparison, and its models published
assert builds[0].contains('Release baseline RELEASE: no release of io.github.fashionae.it.release:study before 1.0.0')
assert builds[0].contains('nothing to compare with (a first release?), so the release rules are not checked')
assert builds[0].contains('Quality gate: no rule checked of the 2 declared')
assert builds[0].contains('BUILD SUCCESS')
['autoencoder', 'classifier-finetune'].each { stage ->
  assert new File(released, "study-1.0.0-${stage}.zip").isFile()
  assert new File(released, "study-1.0.0-${stage}.onnx").isFile()
  assert new File(released, "study-1.0.0-${stage}-card.json").isFile()
}
def card = new JsonSlurper().parse(new File(released, 'study-1.0.0-classifier-finetune-card.json'))
assert card.modelSha256 == sha(new File(released, 'study-1.0.0-classifier-finetune.zip'))

// 2 and 4: the worse setting fails on the release rule, online and offline, naming both values and the test
[builds[1], builds[3]].each { build ->
  assert build.contains('Comparing with the release io.github.fashionae.it.release:study:1.0.0 (the newest release '
      + 'before 2.0.0')
  def failed = build.readLines().find { it.startsWith('[ERROR] classifier finetune: test accuracy is ') }
  assert failed != null
  assert failed =~ /test accuracy is 0\.\d{4}, the release io\.github\.fashionae\.it\.release:study:1\.0\.0 has 0\.\d{4} \(this build worse by 0\.\d{4}\); expected worse by at most 0\.0100, minimum 0\.\d{4}; McNemar: \d+ test images only the release gets right, \d+ only this build, p = .* \(one-sided\), significant at 0\.05/
  assert build.contains('BUILD FAILURE')
}
assert builds[3].contains('evaluation up to date') || builds[3].contains('evaluation ')

// 3 and 6: the better setting passes and its comparison is written and shown
[builds[2], builds[5]].each { build ->
  assert build.contains('Quality gate: all 2 bounds hold')
  assert build.contains('BUILD SUCCESS')
}
def comparison = new JsonSlurper().parse(new File(basedir, 'target/fashion-ae/release.json'))
assert comparison.release == 'io.github.fashionae.it.release:study:1.0.0'
assert comparison.stages*.stage == ['autoencoder', 'classifier-finetune']
def agreement = comparison.stages[1].agreement
assert agreement.bothRight + agreement.releaseOnly + agreement.buildOnly + agreement.bothWrong == 10000
assert comparison.stages[1].released.modelSha256 == card.modelSha256
// the autoencoder did not change: the release's is this build's, the same bytes
assert comparison.stages[0].released.modelSha256 == comparison.stages[0].build.modelSha256
def report = new File(basedir, 'target/fashion-ae/report/index.html').text
assert report.contains('io.github.fashionae.it.release:study:1.0.0')
assert report.contains('McNemar')

// 5: a required baseline that is not there
assert builds[4].contains('Release baseline 0.9.0: io.github.fashionae.it.release:study:0.9.0 published none of the '
    + 'stages autoencoder, classifier-finetune')
assert builds[4].contains('expected a release to compare with (baselineRequired is true)')
assert builds[4].contains('BUILD FAILURE')

// 7: 1.0.0 rebuilt to the same bytes, from its card's inputs
def stageLines = { build, stage, file -> build.readLines().find { it.contains("${stage}: ${file} released ") } }
['autoencoder', 'classifier-finetune'].each { stage ->
  def zip = sha(new File(released, "study-1.0.0-${stage}.zip"))
  def onnx = sha(new File(released, "study-1.0.0-${stage}.onnx"))
  assert stageLines(builds[6], stage, 'model.zip').endsWith("model.zip released ${zip}, rebuilt ${zip} (the same)")
  assert stageLines(builds[6], stage, 'model.onnx').endsWith("model.onnx released ${onnx}, rebuilt ${onnx} (the same)")
}
assert builds[6].contains('  settings.learningRate = 0.001')
assert builds[6].contains('BUILD SUCCESS')

// 8 to 10: a tampered artifact fails before any training
assert builds[7].contains('BUILD SUCCESS') && builds[8].contains('BUILD SUCCESS')
assert builds[9].contains("expected the released files to have the SHA-256 their model card states (model.zip ${card.modelSha256}")
assert !builds[9].contains('Rebuilding')
assert builds[9].contains('BUILD FAILURE')
true
