// Start from empty caches, whatever an earlier run of this IT left.
['it-user-cache', 'sequential-cache'].each { name ->
  def cache = new File(basedir, name)
  assert !cache.exists() || cache.deleteDir()
}
true
