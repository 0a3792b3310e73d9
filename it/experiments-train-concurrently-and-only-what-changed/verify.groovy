def log = new File(basedir, 'build.log').text
def out = new File(basedir, 'target/fashion-ae')
def builds = log.split(/(?m)^\[INFO\] Scanning for projects/).findAll { it.contains('BUILD ') }
assert builds.size() == 4
builds.each { assert it.contains('BUILD SUCCESS') }

def three = ['no-linear', 'lr-learningRate=0.01', 'lr-learningRate=0.005']
def all = three + ['dropout-0.5']
// "  <name>  <stage>  trained|cached ... SHA-256 <hex>" lines of the compare view
def shas = { build ->
  def found = [:]
  (build =~ /(?m)^\[INFO\]   (\S+)\s+(autoencoder|classifier-frozen)\s+(trained|cached) .* SHA-256 ([0-9a-f]{64})$/).each {
    found["${it[1]}/${it[2]}".toString()] = [it[3], it[4]]
  }
  found
}

// 1: the three train, two at a time, with an overall progress line.
def first = shas(builds[0])
assert first.keySet() == (three.collect { "${it}/autoencoder".toString() } +
    ['lr-learningRate=0.01/classifier-frozen', 'lr-learningRate=0.005/classifier-frozen']).toSet()
assert first.values().every { it[0] == 'trained' }
assert builds[0].contains('Experiments: 3, at most 2 at once')
assert builds[0] =~ /experiments: 2 running \(/
assert builds[0] =~ /experiments: 0 running, 3 trained, 0 cached, 0 waiting/

// 2: a fourth experiment: only it trains.
def second = shas(builds[1])
assert second['dropout-0.5/autoencoder'][0] == 'trained'
second.findAll { k, v -> !k.startsWith('dropout-0.5/') }.each { k, v -> assert v[0] == 'cached' }
second.findAll { k, v -> !k.startsWith('dropout-0.5/') }.each { k, v -> assert v[1] == first[k][1] }
assert !(builds[1] =~ /(lr|no-linear)\S*\/autoencoder epoch 1\/1/)

// 3: one at a time into an empty cache: the same bytes.
def third = shas(builds[2])
assert builds[2].contains('Experiments: 4, at most 1 at once')
assert third.keySet() == second.keySet()
third.each { k, v -> assert v[0] == 'trained'; assert v[1] == second[k][1] }

// 4: the compare view: a heading and one row per autoencoder, the inputs that differ, nothing trained
def compare = builds[3]
assert compare =~ /\[INFO\] Experiment\s+Differs in\s+Train loss\s+Validation loss\s+Test MSE\s+Within 5%\s+Training time\s+model\.zip SHA-256/
assert compare =~ /\[INFO\] no-linear\s+dropout=0\.2, learningRate=0\.001, linearBottleneck=false\s+0\.\d{5}/
assert compare =~ /\[INFO\] dropout-0\.5\s+dropout=0\.5, learningRate=0\.001, linearBottleneck=true\s+/
assert !compare.contains('epoch 1/1')

// evaluated and reported, with the comparison
all.each { assert new File(out, "experiments/${it}/autoencoder/evaluation.json").isFile() }
def html = new File(out, 'report/index.html').text
assert html.contains('<section id="experiments">')
assert html.contains('Learning rate')
all.each { assert html.contains(it) }
true
