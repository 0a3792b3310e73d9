def cache = new File(basedir, 'it-user-cache')
assert !cache.exists() || cache.deleteDir()
true
