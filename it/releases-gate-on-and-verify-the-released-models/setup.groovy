// The ITs share one local repository (target/it-repo) across runs: forget what an earlier run of this IT put there
// (its releases, and the resolver's memory of them), so that 1.0.0 is a first release again.
def group = new File(localRepositoryPath, 'io/github/fashionae/it/release')
group.deleteDir()
assert !group.exists()
true
