import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def files = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']

// First build: every file copied from Debian's directory and verified.
files.each { name ->
  assert log.contains("${name}.gz: verified and cached from local file /usr/share/datasets/fashion-mnist/${name}.gz")
}
// Second build, offline: every file from the cache.
files.each { name ->
  assert log.contains("${name}.gz: found in the cache (")
}
assert !log.contains('downloading http')

def cacheDir = new File(basedir, 'it-user-cache/datasets/fashion-mnist')
def cached = cacheDir.list().findAll { !it.endsWith('.lock') }.sort()
assert cached == files.collect { it + '.gz' }.sort()

def manifest = new JsonSlurper().parse(new File(basedir, 'target/fashion-ae/dataset/manifest.json'))
assert manifest.dataset == 'fashion-mnist'
assert manifest.files*.count == [60000, 60000, 10000, 10000]
assert manifest.files[0].sha256 == 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888'

// Third build, offline with an empty cache: a clear error naming the way out.
assert log.contains('Maven is offline (-o), so no mirror was tried, and no verified copy of train-images-idx3-ubyte.gz was found')
assert log.contains('apt-get install dataset-fashion-mnist')
true
