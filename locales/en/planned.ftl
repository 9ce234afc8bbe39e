## Scheduled: times in the contracts' time zones

pl-tz-msk = Moscow time
pl-tz-label = { $name } ({ $offset })
pl-when-msk = { $when } Moscow time
pl-when-both = { $when } { $zone } = { $msk } Moscow time
pl-tz-Europe-Moscow = Moscow
pl-tz-Europe-Kaliningrad = Kaliningrad
pl-tz-Europe-Samara = Samara
pl-tz-Asia-Yekaterinburg = Yekaterinburg
pl-tz-Asia-Omsk = Omsk
pl-tz-Asia-Novosibirsk = Novosibirsk
pl-tz-Asia-Krasnoyarsk = Krasnoyarsk
pl-tz-Asia-Irkutsk = Irkutsk
pl-tz-Asia-Yakutsk = Yakutsk
pl-tz-Asia-Vladivostok = Vladivostok
pl-tz-Asia-Magadan = Magadan
pl-tz-Asia-Kamchatka = Kamchatka
