#!/usr/bin/env bash
# A script that runs a roundtable's whole cycle through the JSON API with a personal token only: it creates a
# roundtable with people, participants and an agenda, records a statement and approves the proceedings, writes the
# report's texts and an open question, assembles an edition and publishes it. Needs curl and jq.
#
#   ROUNDTABLE_URL=http://localhost:5080 ROUNDTABLE_TOKEN=rt_... tools/api-sample.sh
#
# The token comes from the account's "API tokens" page (/account/tokens) of an organizer. Every call is checked: the
# script stops at the first answer that is not a success and prints the problem details the API returned.
set -euo pipefail

: "${ROUNDTABLE_URL:?set ROUNDTABLE_URL, e.g. http://localhost:5080}"
: "${ROUNDTABLE_TOKEN:?set ROUNDTABLE_TOKEN to a token from /account/tokens}"
base=${ROUNDTABLE_URL%/}

# api METHOD PATH [JSON]: prints the answer's body; fails on any 4xx/5xx with the problem details on stderr.
api() {
  local method=$1 path=$2 body=${3-} out status
  out=$(mktemp)
  if [ -n "$body" ]; then
    status=$(curl -sS -o "$out" -w '%{http_code}' -X "$method" "$base$path" \
      -H "Authorization: Bearer $ROUNDTABLE_TOKEN" -H 'Accept: application/json' -H 'Content-Type: application/json' --data "$body")
  else
    status=$(curl -sS -o "$out" -w '%{http_code}' -X "$method" "$base$path" \
      -H "Authorization: Bearer $ROUNDTABLE_TOKEN" -H 'Accept: application/json')
  fi
  if [ "$status" -ge 400 ]; then
    echo "$method $path answered $status:" >&2
    cat "$out" >&2
    echo >&2
    rm -f "$out"
    return 1
  fi
  cat "$out"
  rm -f "$out"
}

tag=$(date -u +%Y%m%d%H%M%S)-$$
day=$(date -u -d '+60 days' +%F)

person() { # person "Full Name" email affiliation -> id
  api POST /api/people "$(jq -n --arg n "$1" --arg e "$2" --arg a "$3" \
    '{fullName: $n, email: $e, affiliation: $a, biography: ($n + " works at " + $a + ".")}')" | jq -r .id
}
presenter=$(person "Helen Marsh" "marsh-$tag@example.org" "Institute for Northern Studies")
rapporteur=$(person "Tom Reyes" "reyes-$tag@example.org" "Policy Review")
guest=$(person "Ruth Cole" "cole-$tag@example.org" "Arms Control Institute")
director=$(person "Diana Director" "director-$tag@example.org" "Example Institute")

rid=$(api POST /api/roundtables "$(jq -n --arg d "$day" \
  '{title: "Scripted Roundtable", subtitle: "Made through the API", startDate: $d, startTime: "09:00", endTime: "16:00",
    timeZone: "Europe/London", venue: "Main Hall", hostOrganization: "Example Institute", status: "planning"}')" | jq -r .id)
echo "roundtable $rid"

participant() { # participant personId mayBeNamed role... -> participation id
  local person=$1 named=$2; shift 2
  api POST "/api/roundtables/$rid/participants" "$(jq -n --argjson p "$person" --argjson n "$named" --args \
    '{personId: $p, mayBeNamed: $n, attended: true, roles: $ARGS.positional}' "$@")" | jq -r .id
}
p_presenter=$(participant "$presenter" true presenter)
p_rapporteur=$(participant "$rapporteur" true rapporteur)
p_guest=$(participant "$guest" false participant)
p_director=$(participant "$director" true director organizer)

pid=$(api POST "/api/roundtables/$rid/presentations" "$(jq -n --argjson p "$p_presenter" --argjson r "$p_rapporteur" \
  '{title: "The Thaw", startTime: "09:15", endTime: "10:30", presenterIds: [$p], rapporteurIds: [$r], presenterNamed: true}')" | jq -r .id)
echo "presentation $pid"

proceedings=/api/roundtables/$rid/presentations/$pid/proceedings
api POST "$proceedings/statements" "$(jq -n --argjson s "$p_guest" \
  '{speakerId: $s, kind: "question", text: "asked whether the thaw was permanent."}')" > /dev/null
api POST "$proceedings/statements" "$(jq -n --argjson s "$p_presenter" \
  '{speakerId: $s, kind: "reply", text: "replied that it was, for practical purposes."}')" > /dev/null
api PUT "$proceedings/status" '{"status": "edited"}' > /dev/null
version=$(api GET "$proceedings" | jq -r .version)
api POST "$proceedings/approve" "$(jq -n --argjson v "$version" '{version: $v}')" > /dev/null
echo "proceedings approved"

report=$(api GET "/api/roundtables/$rid/report" | jq --argjson d "$p_director" '
    .foreword = "The institute held this roundtable to ask what the thaw means for the region."
  | .forewordSignerParticipationId = $d | .forewordSignerTitle = "Director"
  | .conferenceSummary = "Participants agreed that the thaw changes the region for good."
  | .recommendations = "Reconvene in a year with the coastal towns at the table." | .headings.summary = "Summary of the Day"')
api PUT "/api/roundtables/$rid/report" "$report" > /dev/null
api POST "/api/roundtables/$rid/report/questions" '{"text": "Who pays for the new ports?"}' > /dev/null

edition=$(api POST "/api/roundtables/$rid/report/editions")
number=$(jq -r .number <<<"$edition")
if [ "$(jq '.leakHits | length' <<<"$edition")" -gt 0 ]; then
  echo "edition $number names people who may not be named:" >&2
  jq .leakHits <<<"$edition" >&2
  exit 1
fi
echo "assembled edition $number ($(jq '.warnings | length' <<<"$edition") warnings)"

api POST "/api/roundtables/$rid/report/editions/$number/publish" '{}' > /dev/null
echo "published edition $number of roundtable $rid: $base/reports/$rid"
