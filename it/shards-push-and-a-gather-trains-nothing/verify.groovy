def prefix = new File(basedir, 'nginx').absoluteFile
try {
  def log = new File(basedir, 'build.log').text
  def builds = log.split(/(?m)^\[INFO\] Scanning for projects/).findAll { it.contains('BUILD ') }
  assert builds.size() == 7
  builds.each { assert it.contains('BUILD SUCCESS') }
  def trained = { build -> (build =~ /(?m)^\[INFO\] (\S+) trained in /).collect { it[1] } as Set }
  def remoteHits = { build -> (build =~ /(?m)^\[INFO\] (\S+) [0-9a-f]{12}: up to date \(from the remote cache /).collect { it[1] } as Set }
  def shard0 = ['autoencoder', 'classifier-finetune', 'lr-learningRate=0.005/autoencoder'] as Set
  def shard1 = ['lr-learningRate=0.01/autoencoder'] as Set

  // 1: shard 0 trains its share and pushes it; shard 1's experiment is left, neither trained nor failed
  assert trained(builds[0]) == shard0
  assert builds[0].contains('Experiment lr-learningRate=0.01: shard 1/2\'s; 0 of its 1 stages in the caches, the rest left for shard 1/2')
  assert builds[0].contains('Skipping evaluate: a shard build (fashionae.shard=0/2)')
  assert builds[0] =~ /Pushed 6 files to the remote cache http:\/\/127\.0\.0\.1:\d+\/cache\/v1\/stages\/[0-9a-f]{64}\/ \(read back, signed by key [0-9a-f]{16}\)/
  // 2: nothing trains; the local hits go to the second remote path
  assert trained(builds[1]).isEmpty()
  assert (builds[1] =~ /Pushed 6 files to the remote cache http:\/\/127\.0\.0\.1:\d+\/only-shard-0\/v1\/stages\/[0-9a-f]{64}\/ \(read back, signed by key [0-9a-f]{16}\)/).size() == 3
  // 3: shard 1 trains only its own, takes shard 0's baseline from the remote (its train-classifier needs the encoder)
  assert trained(builds[2]) == shard1
  assert remoteHits(builds[2]).containsAll(['autoencoder', 'classifier-finetune'])

  // 4: the plan: every stage is in the remote, no shard has work
  def plan = new groovy.json.JsonSlurper().parse(new File(basedir, 'planned/plan.json'))
  assert plan.shards == 2
  assert plan.stages.size() == 4
  assert plan.stages.every { it.location == 'REMOTE' }
  assert plan.stages.find { it.stage == 'classifier-finetune' }.fingerprint ==~ /[0-9a-f]{64}/
  assert plan.matrix.include.isEmpty()

  // 5: the gather trains nothing, everything from the remote, and evaluates
  assert trained(builds[4]).isEmpty()
  assert remoteHits(builds[4]) == shard0 + shard1
  assert builds[4] =~ /autoencoder: test MSE 0\.\d{5} on 10,000 test images/
  assert builds[4] =~ /classifier-finetune: test accuracy 0\.\d{4}, cross-entropy [\d.]+, macro F1 0\.\d{4} on 10,000 test images/
  assert builds[4] =~ /(?m)^\[INFO\] Quality gate: /
  // the gather's report is the one-machine build's, byte for byte (not only its models)
  def gatherReport = new File(basedir, 'report-gather/index.html')
  def singleReport = new File(basedir, 'report-single/index.html')
  assert gatherReport.isFile() && singleReport.isFile()
  assert gatherReport.bytes.digest('SHA-256') == singleReport.bytes.digest('SHA-256')

  // 6: one machine without a remote trains everything, to the same models as the gather took
  def models = { build -> (build =~ /(?m)^\[INFO\] (\S+) trained in .* \(SHA-256 ([0-9a-f]{64})\)$/).collect { [it[1], it[2]] }.collectEntries { [(it[0]): it[1]] } }
  def single = models(builds[5])
  assert single.keySet() == shard0 + shard1
  def gatherSha = { name ->
    def stage = name.contains('/') ? "experiments/${name}" : name
    new File(basedir, "cache-gather/stages").listFiles().find { dir ->
      def card = new File(dir, 'model-card.json')
      card.isFile() && new File(dir, 'model.zip').isFile() && new groovy.json.JsonSlurper().parse(card).modelSha256 == single[name]
    } != null
  }
  single.keySet().each { assert gatherSha(it) : "the gather's cache lacks ${it}'s model ${single[it]}" }

  // 7: against the remote holding shard 0's entries only: only shard 1's stage trains
  assert trained(builds[6]) == shard1
  assert remoteHits(builds[6]) == shard0

  // every entry on the server is signed, and every build took it verified (no build warned about a signature)
  def entries = new File(prefix, 'store/cache/v1/stages').listFiles().findAll { it.isDirectory() }
  assert !entries.isEmpty()
  entries.each { assert new File(it, 'SHA256SUMS.sig').isFile() : "${it.name} is not signed" }
  builds.each { assert !it.contains('the entry is not taken') && !it.contains('not authenticated') }
} finally {
  ['/usr/sbin/nginx', '-p', prefix.path, '-c', new File(prefix, 'nginx.conf').path, '-s', 'stop'].execute().waitFor()
}
true
