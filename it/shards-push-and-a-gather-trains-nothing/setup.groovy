// Starts Debian's nginx with its WebDAV module on 127.0.0.1 and a free port, storing PUT bodies under nginx/store,
// and hands its URL to every build of this IT through .mvn/maven.config. verify.groovy stops it.
def prefix = new File(basedir, 'nginx').absoluteFile
new File(prefix, 'store').mkdirs()
def socket = new ServerSocket(0)
def port = socket.localPort
socket.close()
def root = System.getProperty('user.name') == 'root'
new File(prefix, 'nginx.conf').text = """${root ? 'user root;' : ''}
daemon on;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log;
events { worker_connections 64; }
http {
  access_log ${prefix}/access.log;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 256m;
    location / {
      root ${prefix}/store;
      dav_methods PUT DELETE;
      create_full_put_path on;
      dav_access user:rw group:r all:r;
    }
  }
}
"""
def start = ['/usr/sbin/nginx', '-p', prefix.path, '-c', new File(prefix, 'nginx.conf').path].execute()
start.waitFor()
assert start.exitValue() == 0 : "nginx did not start: ${start.err.text}"
// The key the pushing builds sign with, and the list of trusted keys every build reads: as the two openssl lines of
// the remote cache page write them (a PKCS#8 private key and an X.509 public key in PEM), made here with the JDK.
def keys = new File(basedir, 'keys').absoluteFile
keys.mkdirs()
def pair = java.security.KeyPairGenerator.getInstance('Ed25519').generateKeyPair()
def pem = { type, der -> "-----BEGIN ${type}-----\n${der.encodeBase64().toString()}\n-----END ${type}-----\n" }
new File(keys, 'signing.pem').text = pem('PRIVATE KEY', pair.private.encoded)
new File(keys, 'trusted-keys.pub').text = '# the CI main branch\n' + pem('PUBLIC KEY', pair.public.encoded)
def mvn = new File(basedir, '.mvn')
mvn.mkdirs()
new File(mvn, 'maven.config').text = "-Dit.nginx=http://127.0.0.1:${port}\n-Dit.keys=${keys.path}\n"
true
