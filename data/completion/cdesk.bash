# bash completion for cdesk(1): commands, options, queue names, department
# codes and case numbers. Installed as share/bash-completion/completions/cdesk.
# The words come from cdesk itself (`cdesk _complete …` and `COMMAND --help`),
# so they follow the installed version, its rules and the configured database.

_cdesk_words()
{
	# cdesk with the --db / --config the line gave
	"${_cdesk_cmd[@]}" _complete "$@" 2>/dev/null
}

_cdesk()
{
	local cur prev cmd i w
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	_cdesk_cmd=("${COMP_WORDS[0]}")
	cmd=

	# the global options, then the command
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--db|--config)
			_cdesk_cmd+=("$w" "${COMP_WORDS[i+1]}"); ((i++)) ;;
		--db=*|--config=*)
			_cdesk_cmd+=("$w") ;;
		-*) ;;
		*)
			cmd=$w; break ;;
		esac
	done

	case $prev in
	--db|--config|--output|--material)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--dept|--lead|--co|--to|--depts)
		COMPREPLY=($(compgen -W "$(_cdesk_words depts)" -- "$cur")); return ;;
	--format)
		COMPREPLY=($(compgen -W "text csv json pdf" -- "$cur")); return ;;
	--role)
		COMPREPLY=($(compgen -W "clerk officer handler supervisor admin" -- "$cur")); return ;;
	esac

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--db --config --help --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_cdesk_words commands)" -- "$cur"))
		fi
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$("${_cdesk_cmd[@]}" "$cmd" --help 2>/dev/null |
			grep -o -- '--[a-z][a-z-]*' | sort -u)" -- "$cur"))
		return
	fi
	case $cmd in
	list)
		COMPREPLY=($(compgen -W "$(_cdesk_words queues)" -- "$cur")) ;;
	help)
		COMPREPLY=($(compgen -W "$(_cdesk_words commands)" -- "$cur")) ;;
	report)
		COMPREPLY=($(compgen -W "quarterly monthly" -- "$cur")) ;;
	print)
		if [[ $prev == print ]]; then
			COMPREPLY=($(compgen -W "form letter" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_cdesk_words cases "$cur")" -- "$cur"))
		fi ;;
	user)
		COMPREPLY=($(compgen -W "add list role disable" -- "$cur")) ;;
	import|backup)
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	classify|due|calendar|init|demo|digest|search|check|export) ;;
	*)
		# a step of a case, show, recompute: a case number
		COMPREPLY=($(compgen -W "$(_cdesk_words cases "$cur")" -- "$cur")) ;;
	esac
}
complete -F _cdesk cdesk
