import groovy.json.JsonSlurper

def produced = new File(basedir, 'producer/target/fashion-ae/autoencoder/model.zip.sha256').text.split(' ')[0]
def installed = new File(localRepositoryPath, 'io/github/fashionae/it/producer/1/producer-1-autoencoder.zip')
assert installed.isFile()
assert installed.bytes.digest('SHA-256') == produced

def card = new JsonSlurper().parse(new File(basedir, 'consumer/target/fashion-ae/classifier-frozen/model-card.json'))
assert card.inputs['classifier.encoderSha256'] == produced
assert new File(basedir, 'consumer/target/fashion-ae/classifier-frozen/model.zip').isFile()
true
