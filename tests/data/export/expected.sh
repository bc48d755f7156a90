# List users
curl '{{base}}/users?page={{page}}&sort=name' \
  -H 'Accept: application/json' \
  --oauth2-bearer '{{apiToken}}'

# Create user
curl '{{base}}/users' \
  --json '{"name": "Ada", "role": "admin"}' \
  --oauth2-bearer '{{apiToken}}' \
  -b 'session=<redacted>' \
  -L

# Upload avatar
curl '{{base}}/users/1/avatar' \
  -F 'title=Me' \
  -F 'avatar=@/tmp/avatar.png;type=image/png' \
  -u 'ada:<redacted>'

# Log in (form)
curl '{{base}}/login' \
  --data-urlencode 'username=ada' \
  --data-urlencode 'password=p@ss word'

# Digest status
curl '{{base}}/status' \
  --digest \
  -u 'ada:<redacted>'

# Me (OAuth 2.0)
# OAuth 2.0: get an access token from https://auth.example.com/token and add -H 'Authorization: Bearer <token>'
curl '{{base}}/me' \
  -H 'X-Trace: <redacted>'

# Ping
curl '{{base}}/ping?api_key=<redacted>' \
  -X 'PUT' \
  -H 'Content-Type: application/xml' \
  --data-raw '<ping n="1"/>' \
  -k

