import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def out = new File(basedir, 'target/fashion-ae')
def builds = log.split(/(?m)^\[INFO\] Scanning for projects/).findAll { it.contains('BUILD ') }
assert builds.size() == 6

// 1: trained, evaluated on the 10,000 test images, gated, reported.
def first = builds[0]
assert first.contains('BUILD SUCCESS')
assert first =~ /autoencoder: test MSE 0\.\d{5} on 10,000 test images/
assert first =~ /classifier-finetune: test accuracy 0\.\d{4}, cross-entropy [\d.]+, macro F1 0\.\d{4} on 10,000 test images/
assert first.contains('[INFO] Quality gate: all 2 bounds hold')
assert first.count('Quality gate: all 2 bounds hold') == 1 // evaluate says it; report, which knows it too, does not
def reportLine = ~/Report: (\S+index\.html) \(SHA-256 ([0-9a-f]{64})\)/
def firstReport = (first =~ reportLine)[0]
assert new File(firstReport[1]).canonicalPath == new File(out, 'report/index.html').canonicalPath

// 2: the gate fails the build, one line per violation.
def second = builds[1]
assert second.contains('BUILD FAILURE')
assert second =~ /\[ERROR\] classifier finetune: test accuracy is 0\.\d{4}, but expected minimum is 0\.9900/
assert second.contains('Quality gate failed: 1 of 2 bounds violated: classifier finetune: test accuracy is ')
assert !(second =~ /Report: /)

// 3: haltOnFailure=false: a warning, and the report shows the violation.
def third = builds[2]
assert third.contains('BUILD SUCCESS')
assert third =~ /\[WARNING\] classifier finetune: test accuracy is 0\.\d{4}, but expected minimum is 0\.9900/
assert third.contains('Quality gate: 1 of 2 bounds violated')

// 4: -DskipTests still evaluates (from the cache), and the report is byte-identical to the first build's.
def fourth = builds[3]
assert fourth.contains('BUILD SUCCESS')
assert fourth =~ /autoencoder [0-9a-f]{12}: evaluation up to date \(from the cache /
assert fourth =~ /classifier-finetune [0-9a-f]{12}: evaluation up to date \(from the cache /
assert !fourth.contains('Evaluating ')
assert (fourth =~ reportLine)[0][2] == firstReport[2]

// 5: a clean build with a separate, empty cache trains everything again, in other wall times: the report, an
// attached release artifact, is the same bytes; the times are in the companion page, which is not attached.
def fifth = builds[4]
assert fifth.contains('BUILD SUCCESS')
assert fifth =~ /autoencoder trained in /
assert (fifth =~ reportLine)[0][2] == firstReport[2]
def timings = new File(out, 'report/timings.html').text
assert timings.contains('<td>autoencoder</td>') && timings.contains('Training time')

// 6: offline with a remote cache: one line says the remote is skipped (not swallowed by the first goal's check of
// every execution), and nothing is trained or evaluated again.
def sixth = builds[5]
assert sixth.contains('BUILD SUCCESS')
assert sixth.count('[INFO] Offline: the remote cache http://127.0.0.1:9/fashion-ae is skipped') == 1
assert sixth =~ /classifier-finetune [0-9a-f]{12}: evaluation up to date \(from the cache /
assert !(sixth =~ / trained in /)

// The report embeds every section, self-contained.
def html = new File(out, 'report/index.html').text
['summary', 'quality-gate', 'stage-autoencoder', 'stage-classifier-finetune', 'reproducibility'].each {
  assert html.contains("<section id=\"${it}\">")
}
['Fig. 1. ', 'Fig. 2a. ', 'Fig. 2b. ', 'Fig. 7. ', 'Fig. 8. '].each { assert html.contains("<figcaption>${it}") }
assert html.contains('<title>IT study on a slice</title>')
assert html.contains('build of 2026-11-27')
assert !html.contains('<script') && !html.contains('src="http')
assert !html.contains('<th>Training time</th>') && html.contains('<a href="timings.html">')
assert (html =~ /src="data:image\/png;base64,/).count == 40

['autoencoder', 'classifier-finetune'].each { stage ->
  def evaluation = new JsonSlurper().parse(new File(out, "${stage}/evaluation.json"))
  assert evaluation.stage == stage
  assert evaluation.testExamples == 10000
  assert evaluation.modelSha256 == new File(out, "${stage}/model.zip.sha256").text.substring(0, 64)
}
def gate = new JsonSlurper().parse(new File(out, 'quality-gate.json'))
assert gate.rules == 2 && gate.verdicts.every { it.passed }
true
