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
def mvn = new File(basedir, '.mvn')
mvn.mkdirs()
new File(mvn, 'maven.config').text = "-Dit.nginx=http://127.0.0.1:${port}\n"
true
