<?xml version="1.0" encoding="UTF-8"?>
<!--
  common-es.xsl: the Spanish words and marks that declc's stylesheets write
  themselves, so that every output says them the same way. Imported by
  html.xsl and text.xsl (and meant for layout.xsl too). Named templates only,
  no match templates: importing it changes nothing by itself.

  What lives here (rule ids from the project's Spanish typography rule book):
    es:lang              the language in force at a node (xml:lang, inherited)
    es:date              an empty <date> written out from @when / @from+@to (ES-22, ES-23)
    es:date-iso          one ISO date (YYYY, YYYY-MM, YYYY-MM-DD) in words
    es:dateline-sep      what goes before a child of <dateline> (ES-24: ", " and the
                         formal "En P, a D")
    es:quote-depth       nesting level of a run-in quotation (q, run-in quote)
    es:quote-open/close  « » then “ ” then ‘ ’ by level (ES-04; quotes=latam: “ ” ‘ ’ « »)
    es:is-block-quote    "1" when a <quote> is set as a block (no marks)
    es:list-label        the printed label of an <item>: "1.", "a)", "•" or its @n
    es:head-number       "2.1. " before a <head n="2.1"> (ES-25b)
    es:note-mark         the mark of a <note>: its @n or its number in the text
    es:text              a text node as printed: no soft hyphens, uppercase under
                         rend="uppercase" (ES-20), no final period on headings, title
                         lines and signatory lines (ES-25a, ES-35, ES-36), no trailing
                         comma on a signature label (ES-35)
    es:upper             Spanish uppercase, locale-independent (ES-20)
    es:image-alt         the text alternative of a <graphic>: the PDF's /Alt, the
                         HTML's alt
    es:signatories       the <signed> of a closer in the order its rend asks for
                         (sort-surname, sort-org), each applied in mode
                         es:signatory, which the importing stylesheet defines

  XSLT 1.0 + EXSLT only (libxslt). The rules and the parameter names are
  those of layout.xsl, which was written at the same time with its own
  copies of these templates (date-words, quote-level, item-label, is-label,
  strip-period, ...); they should become one, so that the PDF, the HTML and
  the text never disagree on a date or a mark. layout.xsl imports this file
  and takes es:image-alt from it so far.
  Parameters (declc: param NAME=VALUE):
    first-day          '' (by language: "1" for es and es-ES, "1.º" elsewhere),
                       cardinal or ordinal (ES-23)
    year-article       de (default: "14 de noviembre de 2024") or del
    quotes             es (default: « “ ‘) or latam (“ ‘ «) (ES-04)
    block-quote-marks  true: a block quotation is quoted too (ES-05)
    continued-quotes   true: each later paragraph of a quotation opens with »
    section-dot        true: "1. Antecedentes" (ES-25b)
    bullet, bullet-nested   labels of bulleted items: • and ◦
    label-max, label-words  what makes a closer salute the signatures' label
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:t="http://www.tei-c.org/ns/1.0"
    xmlns:es="urn:declc:es"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="t es str">

  <xsl:param name="first-day" select="''"/>
  <xsl:param name="year-article" select="'de'"/>
  <xsl:param name="quotes" select="'es'"/>
  <xsl:param name="block-quote-marks" select="'true'"/>
  <xsl:param name="continued-quotes" select="'true'"/>
  <xsl:param name="section-dot" select="'true'"/>
  <xsl:param name="bullet" select="'•'"/>
  <xsl:param name="bullet-nested" select="'◦'"/>
  <xsl:param name="label-max" select="60"/>
  <xsl:param name="label-words" select="'firm suscri signatari adhier adhes'"/>

  <xsl:variable name="es:lower" select="'abcdefghijklmnopqrstuvwxyzáéíóúüñàèìòùâêîôûäëïöçœæ'"/>
  <xsl:variable name="es:upper" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZÁÉÍÓÚÜÑÀÈÌÒÙÂÊÎÔÛÄËÏÖÇŒÆ'"/>
  <xsl:variable name="es:months"
      select="' enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre '"/>
  <xsl:variable name="es:weekdays"
      select="' domingo lunes martes miércoles jueves viernes sábado '"/>
  <!-- Abbreviations whose final period is not a final period (ES-25a,
       ES-35); lower case, between spaces. Words with an inner period (S.A.)
       and single initials (J.) are recognised without the list. -->
  <xsl:variable name="es:abbreviations"
      select="' etc. ltda. cía. inc. ltd. co. corp. jr. sr. sra. srta. sres. dr. dra. lic. ing. prof. profa. abog. arq. avda. av. hnos. mons. excmo. excma. ilmo. ilma. sto. sta. núm. art. arts. pág. págs. vol. cap. ed. coord. dir. depto. dpto. gral. admón. adm. ext. tel. '"/>

  <!-- ================================================================ -->
  <!-- Language                                                          -->
  <!-- ================================================================ -->

  <xsl:template name="es:lang">
    <xsl:param name="node" select="."/>
    <xsl:variable name="l" select="$node/ancestor-or-self::*[@xml:lang][1]/@xml:lang"/>
    <xsl:choose>
      <xsl:when test="string($l) != ''"><xsl:value-of select="$l"/></xsl:when>
      <xsl:otherwise>es</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Dates (ES-22, ES-23)                                              -->
  <!-- ================================================================ -->

  <xsl:template name="es:month-name">
    <xsl:param name="m"/>
    <xsl:variable name="rest" select="substring-after($es:months, ' ')"/>
    <xsl:call-template name="es:nth-word">
      <xsl:with-param name="list" select="$rest"/>
      <xsl:with-param name="n" select="number($m)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The n-th space-separated word of a list (n ≤ 12: bounded recursion). -->
  <xsl:template name="es:nth-word">
    <xsl:param name="list"/>
    <xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="$n &lt;= 1"><xsl:value-of select="substring-before($list, ' ')"/></xsl:when>
      <xsl:when test="$n &gt; 12"/>
      <xsl:otherwise>
        <xsl:call-template name="es:nth-word">
          <xsl:with-param name="list" select="substring-after($list, ' ')"/>
          <xsl:with-param name="n" select="$n - 1"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The day of the month: "1.º" for the first outside Spain and plain es
       (ES-23), unless first-day says otherwise. -->
  <xsl:template name="es:day">
    <xsl:param name="d"/>
    <xsl:param name="lang" select="'es'"/>
    <xsl:variable name="l" select="translate($lang, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"/>
    <xsl:variable name="ordinal"
        select="$first-day = 'ordinal' or ($first-day != 'cardinal' and $l != 'es' and $l != 'es-es')"/>
    <xsl:value-of select="number($d)"/>
    <xsl:if test="number($d) = 1 and $ordinal">.º</xsl:if>
  </xsl:template>

  <!-- Day of the week of a Gregorian date, 0 = Sunday (Sakamoto's method). -->
  <xsl:template name="es:weekday">
    <xsl:param name="y"/>
    <xsl:param name="m"/>
    <xsl:param name="d"/>
    <xsl:variable name="yy" select="$y - ($m &lt; 3)"/>
    <xsl:variable name="t" select="substring('032503514624', $m, 1)"/>
    <xsl:variable name="dow"
        select="($yy + floor($yy div 4) - floor($yy div 100) + floor($yy div 400) + $t + $d) mod 7"/>
    <xsl:call-template name="es:nth-word">
      <xsl:with-param name="list" select="substring-after($es:weekdays, ' ')"/>
      <xsl:with-param name="n" select="$dow + 1"/>
    </xsl:call-template>
  </xsl:template>

  <!-- One ISO date in words: "14 de noviembre de 2024", "noviembre de 2024",
       "2024"; weekday="yes" prefixes "jueves, ". -->
  <xsl:template name="es:date-iso">
    <xsl:param name="iso"/>
    <xsl:param name="lang" select="'es'"/>
    <xsl:param name="weekday" select="false()"/>
    <xsl:variable name="y" select="substring($iso, 1, 4)"/>
    <xsl:variable name="m" select="substring($iso, 6, 2)"/>
    <xsl:variable name="d" select="substring($iso, 9, 2)"/>
    <xsl:choose>
      <xsl:when test="$m = ''"><xsl:value-of select="$y"/></xsl:when>
      <xsl:otherwise>
        <xsl:if test="$d != '' and $weekday">
          <xsl:call-template name="es:weekday">
            <xsl:with-param name="y" select="number($y)"/>
            <xsl:with-param name="m" select="number($m)"/>
            <xsl:with-param name="d" select="number($d)"/>
          </xsl:call-template>
          <xsl:text>, </xsl:text>
        </xsl:if>
        <xsl:if test="$d != ''">
          <xsl:call-template name="es:day">
            <xsl:with-param name="d" select="$d"/>
            <xsl:with-param name="lang" select="$lang"/>
          </xsl:call-template>
          <xsl:text> de </xsl:text>
        </xsl:if>
        <xsl:call-template name="es:month-name">
          <xsl:with-param name="m" select="$m"/>
        </xsl:call-template>
        <xsl:value-of select="concat(' ', $year-article, ' ', $y)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An empty <date> in words, from @when, or @from and @to (ES-23):
         13 y 14 de noviembre de 2024            (two consecutive days)
         del 13 al 15 de noviembre de 2024       (same month)
         del 30 de noviembre al 2 de diciembre de 2024
         del 30 de diciembre de 2024 al 2 de enero de 2025
       A lone @from or @to writes nothing (as layout.xsl). -->
  <xsl:template name="es:date">
    <xsl:param name="node" select="."/>
    <xsl:variable name="lang">
      <xsl:call-template name="es:lang"><xsl:with-param name="node" select="$node"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="from" select="string($node/@from)"/>
    <xsl:variable name="to" select="string($node/@to)"/>
    <xsl:choose>
      <xsl:when test="$node/@when">
        <xsl:call-template name="es:date-iso">
          <xsl:with-param name="iso" select="string($node/@when)"/>
          <xsl:with-param name="lang" select="$lang"/>
          <xsl:with-param name="weekday" select="$node/@rend = 'weekday'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$from != '' and $to != '' and $from = $to">
        <xsl:call-template name="es:date-iso">
          <xsl:with-param name="iso" select="$from"/>
          <xsl:with-param name="lang" select="$lang"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$from != '' and $to != ''">
        <xsl:variable name="y1" select="substring($from, 1, 4)"/>
        <xsl:variable name="y2" select="substring($to, 1, 4)"/>
        <xsl:variable name="m1" select="substring($from, 6, 2)"/>
        <xsl:variable name="m2" select="substring($to, 6, 2)"/>
        <xsl:variable name="d1" select="substring($from, 9, 2)"/>
        <xsl:variable name="d2" select="substring($to, 9, 2)"/>
        <xsl:variable name="a">
          <xsl:call-template name="es:day">
            <xsl:with-param name="d" select="$d1"/><xsl:with-param name="lang" select="$lang"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:variable name="b">
          <xsl:call-template name="es:day">
            <xsl:with-param name="d" select="$d2"/><xsl:with-param name="lang" select="$lang"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:variable name="month1">
          <xsl:call-template name="es:month-name"><xsl:with-param name="m" select="$m1"/></xsl:call-template>
        </xsl:variable>
        <xsl:variable name="month2">
          <xsl:call-template name="es:month-name"><xsl:with-param name="m" select="$m2"/></xsl:call-template>
        </xsl:variable>
        <xsl:variable name="de" select="concat(' ', $year-article, ' ')"/>
        <xsl:choose>
          <!-- A precision coarser than a day on either side: "de noviembre a
               diciembre de 2024", "de 2023 a 2024". -->
          <xsl:when test="$d1 = '' or $d2 = ''">
            <xsl:text>de </xsl:text>
            <xsl:choose>
              <xsl:when test="$y1 = $y2 and string-length($from) = 7 and string-length($to) = 7">
                <xsl:value-of select="concat($month1, ' a ', $month2, $de, $y2)"/>
              </xsl:when>
              <xsl:otherwise>
                <xsl:call-template name="es:date-iso">
                  <xsl:with-param name="iso" select="$from"/><xsl:with-param name="lang" select="$lang"/>
                </xsl:call-template>
                <xsl:text> a </xsl:text>
                <xsl:call-template name="es:date-iso">
                  <xsl:with-param name="iso" select="$to"/><xsl:with-param name="lang" select="$lang"/>
                </xsl:call-template>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:when>
          <xsl:when test="$y1 != $y2">
            <xsl:value-of select="concat('del ', $a, ' de ', $month1, $de, $y1, ' al ', $b, ' de ', $month2, $de, $y2)"/>
          </xsl:when>
          <xsl:when test="$m1 != $m2">
            <xsl:value-of select="concat('del ', $a, ' de ', $month1, ' al ', $b, ' de ', $month2, $de, $y2)"/>
          </xsl:when>
          <xsl:when test="number($d2) = number($d1) + 1">
            <xsl:value-of select="concat($a, ' y ', $b, ' de ', $month1, $de, $y1)"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:value-of select="concat('del ', $a, ' al ', $b, ' de ', $month1, $de, $y1)"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Datelines (ES-24)                                                 -->
  <!-- ================================================================ -->

  <!-- What to write before a child node of <dateline>:
       - formal (rend has "formal"): "En " before the first child, when the
         dateline names a place and does not already begin with "En ";
       - ", " between two elements with nothing typed between them
         (whitespace only does not count), ", a " before the date of a
         formal dateline;
       - formal, typed text before the date ("Santiago, "): "a ".
       Whitespace-only text between elements writes nothing: the caller
       skips it. -->
  <xsl:template name="es:dateline-sep">
    <xsl:param name="node" select="."/>
    <xsl:variable name="dl" select="$node/.."/>
    <xsl:variable name="formal" select="contains(concat(' ', normalize-space($dl/@rend), ' '), ' formal ')"/>
    <xsl:variable name="prev" select="$node/preceding-sibling::node()[not(self::text()) or normalize-space()][1]"/>
    <xsl:choose>
      <xsl:when test="not($prev)">
        <xsl:if test="$formal and $dl/t:placeName and not(starts-with(normalize-space($dl), 'En '))">En </xsl:if>
      </xsl:when>
      <xsl:when test="$node/self::*">
        <xsl:variable name="typed" select="$prev/self::text()"/>
        <xsl:choose>
          <xsl:when test="$formal and $node/self::t:date and $typed">
            <xsl:if test="translate(substring($prev, string-length($prev)), ' &#9;&#10;&#13;', '') != ''">
              <xsl:text> </xsl:text>
            </xsl:if>
            <xsl:text>a </xsl:text>
          </xsl:when>
          <xsl:when test="$formal and $node/self::t:date">, a </xsl:when>
          <xsl:when test="not($typed)">, </xsl:when>
        </xsl:choose>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Quotations (ES-04, ES-05)                                         -->
  <!-- ================================================================ -->

  <!-- "1" when this q or quote is set as a block: it holds paragraphs or
       lists, or it stands between paragraphs. Otherwise it is run in. -->
  <xsl:template name="es:is-block-quote">
    <xsl:param name="node" select="."/>
    <xsl:if test="$node[self::t:quote[t:p or t:list or t:quote[t:p] or parent::t:body or parent::t:div
                  or parent::t:postscript or parent::t:quote[t:p or t:list]] or self::t:q[t:p]]">1</xsl:if>
  </xsl:template>

  <!-- Level of a quotation, 0 for the outermost: the q and quote around it
       (block quotations only when they are quoted, block-quote-marks),
       counted again from 0 inside a note, which is read on its own. -->
  <xsl:template name="es:quote-depth">
    <xsl:param name="node" select="."/>
    <xsl:variable name="notes" select="count($node/ancestor::t:note)"/>
    <xsl:value-of select="count($node/ancestor::*[self::t:q or self::t:quote]
        [count(ancestor::t:note) = $notes]
        [$block-quote-marks = 'true' or not(t:p or t:list or parent::t:body or parent::t:div
          or parent::t:postscript or parent::t:quote[t:p or t:list])])"/>
  </xsl:template>

  <xsl:template name="es:quote-open">
    <xsl:param name="depth" select="0"/>
    <xsl:variable name="marks">
      <xsl:choose>
        <xsl:when test="$quotes = 'latam'">“‘«</xsl:when>
        <xsl:otherwise>«“‘</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:value-of select="substring($marks, ($depth mod 3) + 1, 1)"/>
  </xsl:template>

  <xsl:template name="es:quote-close">
    <xsl:param name="depth" select="0"/>
    <xsl:variable name="marks">
      <xsl:choose>
        <xsl:when test="$quotes = 'latam'">”’»</xsl:when>
        <xsl:otherwise>»”’</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:value-of select="substring($marks, ($depth mod 3) + 1, 1)"/>
  </xsl:template>

  <!-- The marks of one paragraph of a block quotation (ES-05): which =
       'open' writes the opening mark of the first paragraph, or the
       continuation mark » of a later one (continued-quotes); which = 'close'
       writes the closing mark after the last. Nothing outside a quotation
       or when block quotations are not quoted (block-quote-marks). -->
  <xsl:template name="es:block-quote-mark">
    <xsl:param name="block" select="."/>
    <xsl:param name="which" select="'open'"/>
    <xsl:variable name="quote" select="$block/parent::t:quote"/>
    <xsl:if test="$block-quote-marks = 'true' and $quote">
      <xsl:variable name="depth">
        <xsl:call-template name="es:quote-depth"><xsl:with-param name="node" select="$block"/></xsl:call-template>
      </xsl:variable>
      <xsl:variable name="first" select="not($block/preceding-sibling::t:p)"/>
      <xsl:variable name="last" select="not($block/following-sibling::t:p)"/>
      <xsl:choose>
        <xsl:when test="$which = 'open' and $first">
          <xsl:call-template name="es:quote-open"><xsl:with-param name="depth" select="$depth - 1"/></xsl:call-template>
        </xsl:when>
        <xsl:when test="$which = 'open' and $continued-quotes = 'true'">
          <xsl:call-template name="es:quote-close"><xsl:with-param name="depth" select="$depth - 1"/></xsl:call-template>
        </xsl:when>
        <xsl:when test="$which = 'close' and $last">
          <xsl:call-template name="es:quote-close"><xsl:with-param name="depth" select="$depth - 1"/></xsl:call-template>
        </xsl:when>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Labels and numbers                                                -->
  <!-- ================================================================ -->

  <!-- The printed label of a list item. With @n: numbered lists add ".",
       lettered lists add ")", unless the label already ends in a sign.
       Without @n: 1. 2. 3. / a) b) … z) aa) / • (◦ in a bulleted list). -->
  <xsl:template name="es:list-label">
    <xsl:param name="item" select="."/>
    <xsl:variable name="rend" select="string($item/../@rend)"/>
    <xsl:variable name="n" select="normalize-space($item/@n)"/>
    <xsl:variable name="pos" select="count($item/preceding-sibling::t:item) + 1"/>
    <xsl:choose>
      <xsl:when test="$n != ''">
        <xsl:value-of select="$n"/>
        <xsl:if test="not(contains('.)]:ºª', substring($n, string-length($n))))">
          <xsl:choose>
            <xsl:when test="$rend = 'numbered'">.</xsl:when>
            <xsl:when test="$rend = 'lettered'">)</xsl:when>
          </xsl:choose>
        </xsl:if>
      </xsl:when>
      <xsl:when test="$rend = 'numbered'"><xsl:value-of select="concat($pos, '.')"/></xsl:when>
      <xsl:when test="$rend = 'lettered'">
        <xsl:number value="$pos" format="a"/>
        <xsl:text>)</xsl:text>
      </xsl:when>
      <xsl:when test="$item/../ancestor::t:list[@rend = 'bulleted']"><xsl:value-of select="$bullet-nested"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$bullet"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The number before a heading, with its period and a space (ES-25b):
       head/@n, unless the heading already starts with it; else the div's
       @n, unless the heading already has it as a word ("Artículo 12.
       Solución de controversias", "Título I. Disposiciones generales" stay
       as typed). Nothing when there is no number. -->
  <xsl:template name="es:head-number">
    <xsl:param name="head" select="."/>
    <xsl:variable name="text" select="normalize-space($head)"/>
    <xsl:variable name="words" select="concat(' ', translate($text, '.,:;()[]ºª', '           '), ' ')"/>
    <xsl:variable name="n">
      <xsl:choose>
        <xsl:when test="normalize-space($head/@n) != ''">
          <xsl:if test="not(starts-with($text, normalize-space($head/@n)))">
            <xsl:value-of select="normalize-space($head/@n)"/>
          </xsl:if>
        </xsl:when>
        <xsl:when test="$head/parent::t:div and normalize-space($head/../@n) != ''">
          <xsl:if test="not(contains($words, concat(' ', translate(normalize-space($head/../@n), '.', ' '), ' ')))">
            <xsl:value-of select="normalize-space($head/../@n)"/>
          </xsl:if>
        </xsl:when>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="$n != ''">
      <xsl:value-of select="$n"/>
      <xsl:if test="$section-dot = 'true' and substring($n, string-length($n)) != '.'">.</xsl:if>
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- The mark of a note: @n, or its number among the notes of the text
       (a note inside a note counts after the one that holds it). -->
  <xsl:template name="es:note-mark">
    <xsl:param name="note" select="."/>
    <xsl:choose>
      <xsl:when test="normalize-space($note/@n) != ''"><xsl:value-of select="normalize-space($note/@n)"/></xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="count($note/preceding::t:note[ancestor::t:text])
                              + count($note/ancestor::t:note) + 1"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The signatures' label (ES-35)                                     -->
  <!-- ================================================================ -->

  <!-- "yes" when a closer salute is the label of the signatories after it
       ("Firmantes ,", "Organizaciones firmantes", "Firman:"): the next
       element is a signed, and it is short (label-max characters, six
       words), has no comma inside and holds one of label-words. Otherwise
       it is a closing formula ("Atentamente,", "EN FE DE LO CUAL ..."). -->
  <xsl:template name="es:is-label">
    <xsl:param name="salute" select="."/>
    <xsl:variable name="text" select="normalize-space($salute)"/>
    <xsl:variable name="core">
      <xsl:call-template name="es:trim-end">
        <xsl:with-param name="s" select="$text"/>
        <xsl:with-param name="chars" select="' ,:;'"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="lower" select="translate($core, $es:upper, $es:lower)"/>
    <xsl:variable name="words" select="string-length($core) - string-length(translate($core, ' ', '')) + 1"/>
    <xsl:variable name="found">
      <xsl:for-each select="str:tokenize($label-words, ' ')">
        <xsl:if test="contains($lower, .)">yes</xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:if test="$salute/parent::t:closer
                  and $salute/following-sibling::*[not(self::t:pb)][1][self::t:signed]
                  and string-length($text) &lt;= $label-max and $words &lt;= 6
                  and not(contains($core, ',')) and $found != ''">yes</xsl:if>
  </xsl:template>

  <!-- s without the trailing characters in chars (at most 20 of them). -->
  <xsl:template name="es:trim-end">
    <xsl:param name="s"/>
    <xsl:param name="chars"/>
    <xsl:param name="max" select="20"/>
    <xsl:choose>
      <xsl:when test="$s != '' and $max &gt; 0 and contains($chars, substring($s, string-length($s)))">
        <xsl:call-template name="es:trim-end">
          <xsl:with-param name="s" select="substring($s, 1, string-length($s) - 1)"/>
          <xsl:with-param name="chars" select="$chars"/>
          <xsl:with-param name="max" select="$max - 1"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Images                                                            -->
  <!-- ================================================================ -->

  <!-- The text alternative of a graphic (the /Alt of its Figure in tagged
       PDF, the alt of its img in HTML): its desc; else the figDesc of a
       figure that holds only it; else, for a signature, "Firma de" and the
       signatory's name; for a logo of the front, "Logotipo de" and the
       publisher of the same rank in the teiHeader (the second logo, the
       second publisher), or "Logotipo" when there is none; nothing for an
       image in the text. -->
  <xsl:template name="es:image-alt">
    <xsl:param name="graphic" select="."/>
    <xsl:for-each select="$graphic">
      <xsl:choose>
        <xsl:when test="normalize-space(t:desc) != ''">
          <xsl:value-of select="normalize-space(t:desc)"/>
        </xsl:when>
        <xsl:when test="parent::t:figure[count(t:graphic) = 1]/t:figDesc[normalize-space() != '']">
          <xsl:value-of select="normalize-space(../t:figDesc)"/>
        </xsl:when>
        <xsl:when test="parent::t:signed">
          <xsl:text>Firma de </xsl:text>
          <xsl:value-of select="normalize-space((../t:persName | ../t:orgName)[1])"/>
        </xsl:when>
        <xsl:when test="parent::t:figure[parent::t:front]">
          <xsl:variable name="i" select="count(preceding-sibling::t:graphic) + 1"/>
          <xsl:variable name="by" select="normalize-space(/t:TEI/t:teiHeader/t:fileDesc/t:publicationStmt/t:publisher[$i])"/>
          <xsl:text>Logotipo</xsl:text>
          <xsl:if test="$by != ''">
            <xsl:value-of select="concat(' de ', $by)"/>
          </xsl:if>
        </xsl:when>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The order of the signatories                                      -->
  <!-- ================================================================ -->

  <!-- Sort keys of the signatories (closer rend="sort-surname" or
       "sort-org"), the PDF's (layout.xsl, tei:signed): translate() folds
       case and accents, puts ñ between n and o as Spanish alphabetical
       order does, and drops periods, commas, apostrophes and hyphens, so
       that a plain comparison of the keys is Spanish order on every
       machine (xsl:sort lang= would depend on the locales installed). -->
  <xsl:variable name="es:sort-from">aAbBcCdDeEfFgGhHiIjJkKlLmMnNñÑoOpPqQrRsStTuUvVwWxXyYzZáÁéÉíÍóÓúÚüÜàÀèÈìÌòÒùÙâÂêÊîÎôÔûÛäÄëËïÏöÖçÇ.,'’-</xsl:variable>
  <xsl:variable name="es:sort-to">aabbccddeeffgghhiijjkkllmmnnooppqqrrssttuuvvwwxxyyzz{{aaeeiippvvvvaaeeiippvvaaeeiippvvaaeeiippcc</xsl:variable>

  <!-- The signed of a closer, each applied in mode es:signatory (the
       importing stylesheet's template for one signatory), in the order of
       the closer's rend: as written; sort-surname, by the first surname
       element (a name without one by its whole text, an institution
       signing alone by its name), then the second, then the whole name;
       sort-org, by the first institution, then as sort-surname, those
       without an institution last. Equal keys keep the order written. -->
  <xsl:template name="es:signatories">
    <xsl:param name="closer" select="."/>
    <xsl:variable name="order" select="string($closer/@rend[. = 'sort-surname' or . = 'sort-org'])"/>
    <xsl:choose>
      <xsl:when test="$order = ''">
        <xsl:apply-templates select="$closer/t:signed" mode="es:signatory"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="org" select="$order = 'sort-org'"/>
        <xsl:apply-templates select="$closer/t:signed" mode="es:signatory">
          <xsl:sort select="$org * number(not(t:orgName))" data-type="number"/>
          <xsl:sort select="substring(translate(normalize-space(t:orgName[1]), $es:sort-from, $es:sort-to), 1, $org * 10000)"/>
          <xsl:sort select="translate(normalize-space((t:persName/t:surname[1] | t:persName[not(t:surname)] | t:orgName[1][not(../t:persName)])[1]), $es:sort-from, $es:sort-to)"/>
          <xsl:sort select="translate(normalize-space(t:persName/t:surname[2]), $es:sort-from, $es:sort-to)"/>
          <xsl:sort select="translate(normalize-space(t:persName), $es:sort-from, $es:sort-to)"/>
          <xsl:sort select="count(preceding-sibling::t:signed)" data-type="number"/>
        </xsl:apply-templates>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Text nodes                                                        -->
  <!-- ================================================================ -->

  <xsl:template name="es:upper">
    <xsl:param name="s"/>
    <xsl:value-of select="translate($s, $es:lower, $es:upper)"/>
  </xsl:template>

  <!-- A text node as every output prints it: no soft hyphens (declc's own
       line breaker hyphenates); capitals under rend="uppercase" (ES-20);
       the last text of a heading, title line, list heading or signatory
       line without a single final period (ES-25a, ES-35, ES-36); the last
       text of the signatures' label without trailing commas (ES-35). -->
  <xsl:template name="es:text">
    <xsl:param name="node" select="."/>
    <xsl:variable name="plain" select="translate(string($node), '&#173;', '')"/>
    <!-- The element whose last line this text may end. -->
    <xsl:variable name="line" select="$node/ancestor::*[self::t:head or self::t:titlePart or self::t:docDate
        or self::t:docImprint or parent::t:signed or self::t:salute[parent::t:closer]][1]"/>
    <xsl:variable name="is-last"
        select="$line and generate-id(($line//text()[normalize-space()])[last()]) = generate-id($node)"/>
    <xsl:variable name="s1">
      <xsl:choose>
        <xsl:when test="$is-last and $line/self::t:salute">
          <xsl:variable name="label">
            <xsl:call-template name="es:is-label"><xsl:with-param name="salute" select="$line"/></xsl:call-template>
          </xsl:variable>
          <xsl:choose>
            <xsl:when test="$label = 'yes'">
              <xsl:call-template name="es:keep-lead">
                <xsl:with-param name="s" select="$plain"/>
                <xsl:with-param name="core">
                  <xsl:call-template name="es:trim-end">
                    <xsl:with-param name="s" select="normalize-space($plain)"/>
                    <xsl:with-param name="chars" select="' ,'"/>
                  </xsl:call-template>
                </xsl:with-param>
              </xsl:call-template>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="$plain"/></xsl:otherwise>
          </xsl:choose>
        </xsl:when>
        <xsl:when test="$is-last">
          <xsl:call-template name="es:strip-final-period">
            <xsl:with-param name="s" select="$plain"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="$plain"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$node/ancestor::*[contains(concat(' ', normalize-space(@rend), ' '), ' uppercase ')]">
        <xsl:value-of select="translate($s1, $es:lower, $es:upper)"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s1"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- core (s normalised and shortened at its end) with the leading
       whitespace of s kept: it separates the text from an element before
       it. -->
  <xsl:template name="es:keep-lead">
    <xsl:param name="s"/>
    <xsl:param name="core"/>
    <xsl:if test="$core != '' and translate(substring($s, 1, 1), ' &#9;&#10;&#13;', '') = ''">
      <xsl:text> </xsl:text>
    </xsl:if>
    <xsl:value-of select="$core"/>
  </xsl:template>

  <!-- Removes a single final period unless it belongs to an ellipsis or ends
       an abbreviation: one of the list, one with an inner period (S.A.), or
       an initial (J.) (ES-25a, ES-35). -->
  <xsl:template name="es:strip-final-period">
    <xsl:param name="s"/>
    <xsl:variable name="n" select="normalize-space($s)"/>
    <xsl:variable name="len" select="string-length($n)"/>
    <!-- A no-break or thin space (ES-18, ES-19: "Normas,⍽etc.") also
         separates words. -->
    <xsl:variable name="word" select="string(str:tokenize($n, ' &#160;&#8239;')[last()])"/>
    <xsl:variable name="stem" select="substring($word, 1, string-length($word) - 1)"/>
    <xsl:choose>
      <xsl:when test="substring($n, $len) = '.' and substring($n, $len - 1, 1) != '.'
                      and not(contains($stem, '.')) and string-length($stem) != 1
                      and not(contains($es:abbreviations, concat(' ', translate($word, $es:upper, $es:lower), ' ')))">
        <xsl:call-template name="es:keep-lead">
          <xsl:with-param name="s" select="$s"/>
          <xsl:with-param name="core" select="substring($n, 1, $len - 1)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
