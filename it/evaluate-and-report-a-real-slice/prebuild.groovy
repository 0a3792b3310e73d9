// Start from an empty cache, whatever an earlier run of this IT left.
def cache = new File(basedir, 'it-user-cache')
assert !cache.exists() || cache.deleteDir()
true
