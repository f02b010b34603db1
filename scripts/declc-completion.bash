# bash completion for declc                                  -*- shell-script -*-
#
# Installed as PREFIX/share/bash-completion/completions/declc, where
# bash-completion loads it the first time `declc <TAB>` is typed; or source it
# from ~/.bashrc. Completes the subcommands, the options, the values of
# --format/-f (a comma-separated list), --paper, --pdfa, --diagnostics and -W,
# .xml files as inputs, .xsl files for --style, folders for --font-dir and
# --data-dir. Works with and without the bash-completion package.

# COMPREPLY += the words of $1 (a compgen argument list) matching $2 ...
_declc_add()
{
	local line
	while IFS= read -r line; do
		COMPREPLY+=("$line")
	done < <(compgen "$@")
}

# The values of option $1 that start with $2, each prefixed with $3.
_declc_value()
{
	local words
	case $1 in
	-f | --format) words="pdf pdfa png svg ps html txt xml trace" ;;
	--pdfa) words="1b 2b 3b" ;;
	--paper) words="A4 letter oficio legal" ;;
	--diagnostics) words="text json sarif github" ;;
	--lang) words="es es-ES es-CL es-CO es-MX es-AR" ;;
	-W | --threshold) words="style warning error" ;;
	--dpi) words="72 96 150 300 600" ;;
	--param) words="font-size= leading= paragraph-indent= font-family=" ;;
	*) return 1 ;;
	esac
	COMPREPLY=()
	_declc_add -W "$words" -- "$2"
	COMPREPLY=("${COMPREPLY[@]/#/$3}")
	[[ $1 == --param ]] && compopt -o nospace 2>/dev/null
	return 0
}

_declc()
{
	local cur prev cword
	COMPREPLY=()
	if declare -F _init_completion >/dev/null 2>&1; then
		local words
		_init_completion -s || return
	else
		# Without bash-completion, bash splits --option=value at '='.
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD-1]}
		cword=$COMP_CWORD
		if [[ $cur == = && $cword -ge 2 ]]; then
			_declc_value "$prev" "" "="
			return
		elif [[ $prev == = && $cword -ge 3 ]]; then
			_declc_value "${COMP_WORDS[cword-2]}" "$cur" ""
			return
		fi
	fi

	case $prev in
	-o | --output)
		compopt -o filenames 2>/dev/null
		_declc_add -f -- "$cur"
		return
		;;
	-f | --format)
		# A list: complete the name after the last comma.
		if [[ $cur == *,* ]]; then
			_declc_value --format "${cur##*,}" "${cur%,*},"
			compopt -o nospace 2>/dev/null
		else
			_declc_value --format "$cur" ""
		fi
		return
		;;
	--style)
		compopt -o filenames 2>/dev/null
		_declc_add -f -X '!*.xsl' -- "$cur"
		_declc_add -d -- "$cur"
		return
		;;
	--font-dir | --data-dir | -O | --output-dir)
		compopt -o filenames 2>/dev/null
		_declc_add -d -- "$cur"
		return
		;;
	esac
	_declc_value "$prev" "$cur" "" && return

	# --option=value in one word (as bash-completion presents it).
	if [[ $cur == --*=* ]]; then
		_declc_value "${cur%%=*}" "${cur#*=}" "${cur%%=*}="
		return
	fi

	if [[ $cur == -* ]]; then
		_declc_add -W "--output --output-dir --format --pdfa --paper --style --param
			--font-dir --no-hyphenate --signature-fields --dpi --pages --diagnostics
			--lang --threshold --data-dir --max-size --max-depth --max-words
			--max-signatories --max-pages --max-image-pixels --quiet --verbose --version --watch
			--jobs --force --bag --shard --import --merge-manifests --help" -- "$cur"
		return
	fi

	# The first word may be a subcommand; inputs are XML files, and the
	# folders that lead to them (check also takes folders whole).
	compopt -o filenames 2>/dev/null
	[[ $cword -eq 1 ]] && _declc_add -W "check init batch import hyphenate" -- "$cur"
	_declc_add -f -X '!*.xml' -- "$cur"
	_declc_add -d -- "$cur"
} &&
	complete -F _declc declc

# ex: filetype=sh
